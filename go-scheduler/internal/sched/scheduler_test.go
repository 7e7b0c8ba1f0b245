package sched

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

func wantStatus(t *testing.T, s *Scheduler, id uint64, want Status) {
	t.Helper()
	got, ok := s.Status(id)
	if !ok || got != want {
		t.Fatalf("Status(%d) = %v, %v; want %v, true", id, got, ok, want)
	}
}

func wantUnknown(t *testing.T, s *Scheduler, id uint64) {
	t.Helper()
	if got, ok := s.Status(id); ok {
		t.Fatalf("Status(%d) = %v, want unknown", id, got)
	}
	if r, ok := s.GetResult(id); ok {
		t.Fatalf("GetResult(%d) = %+v, want none", id, r)
	}
}

func wantNoResult(t *testing.T, s *Scheduler, id uint64) {
	t.Helper()
	if r, ok := s.GetResult(id); ok {
		t.Fatalf("GetResult(%d) = %+v, want none", id, r)
	}
}

func wantError(t *testing.T, s *Scheduler, id uint64, want Error) {
	t.Helper()
	r, ok := s.GetResult(id)
	if !ok {
		t.Fatalf("GetResult(%d) = none, want error %v", id, &want)
	}
	if r.Err == nil || *r.Err != want {
		t.Fatalf("GetResult(%d) = %+v, want error %v", id, r, &want)
	}
}

func wantImage(t *testing.T, s *Scheduler, id uint64, data string) Image {
	t.Helper()
	r, ok := s.GetResult(id)
	if !ok {
		t.Fatalf("GetResult(%d) = none, want an image", id)
	}
	if r.Err != nil {
		t.Fatalf("GetResult(%d) failed: %v", id, r.Err)
	}
	if string(r.Image.Data) != data {
		t.Fatalf("GetResult(%d) image data = %q, want %q", id, r.Image.Data, data)
	}
	return r.Image
}

func TestCompletedTaskLifecycle(t *testing.T) {
	s, _, _ := newTestScheduler()
	id := s.Submit(task("grayscale"))
	wantStatus(t, s, id, Pending)
	wantNoResult(t, s, id)
	wantStatus(t, s, id, Pending) // asking for the result does not change it

	if ran := s.RunPending(1); ran != 1 {
		t.Fatalf("RunPending(1) = %d, want 1", ran)
	}
	wantStatus(t, s, id, Completed)
	wantImage(t, s, id, "px;grayscale;")
	wantUnknown(t, s, id) // returning the result forgot the task
}

func TestTaskIsRunningOnlyInsideRunPending(t *testing.T) {
	s, ops, _ := newTestScheduler()
	id := s.Submit(task("grayscale"))
	var seen []string
	ops.during = func() {
		st, ok := s.Status(id)
		_, hasResult := s.GetResult(id)
		seen = append(seen, fmt.Sprintf("status=%v,%v result=%v cancel=%v", st, ok, hasResult, s.Cancel(id)))
	}
	s.RunPending(1)
	want := []string{"status=running,true result=false cancel=false"}
	if !reflect.DeepEqual(seen, want) {
		t.Fatalf("inside the operation: %q, want %q", seen, want)
	}
	wantStatus(t, s, id, Completed)
}

func TestFailedTaskLifecycle(t *testing.T) {
	tests := []struct {
		name  string
		task  Task
		fail  error
		want  Error
		calls int
	}{
		{"unknown operation", task("sharpen"), nil,
			Error{Kind: InvalidFormat, Message: `unknown operation "sharpen"`}, 0},
		{"blur without radius", task("blur"), nil,
			Error{Kind: InvalidFormat, Message: "blur needs options.blur-radius"}, 0},
		{"bad resize", task("resize:1x99999999999"), nil,
			Error{Kind: InvalidFormat, Message: `resize height "99999999999" is not a decimal u32`}, 0},
		{"image-ops rejects the image", task("grayscale"), &Error{Kind: InvalidFormat, Message: "zero width"},
			Error{Kind: InvalidFormat, Message: "zero width"}, 1},
		{"image-ops out of memory", task("grayscale"), &Error{Kind: OutOfMemory},
			Error{Kind: OutOfMemory}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ops, _ := newTestScheduler()
			if tt.fail != nil {
				ops.fail = failTimes(1, tt.fail)
			}
			id := s.Submit(tt.task)
			wantStatus(t, s, id, Pending)
			if ran := s.RunPending(1); ran != 1 {
				t.Fatalf("RunPending(1) = %d, want 1", ran)
			}
			wantStatus(t, s, id, Failed)
			if len(ops.calls) != tt.calls {
				t.Errorf("image-ops calls = %q, want %d", ops.calls, tt.calls)
			}
			wantError(t, s, id, tt.want)
			wantUnknown(t, s, id)
		})
	}
}

func TestCancel(t *testing.T) {
	s, ops, _ := newTestScheduler()
	first := s.Submit(task("grayscale"))
	second := s.Submit(task("resize:3x4"))

	if !s.Cancel(first) {
		t.Fatalf("Cancel(%d) of a pending task = false", first)
	}
	wantStatus(t, s, first, Cancelled)
	if s.Cancel(first) {
		t.Errorf("Cancel(%d) of a cancelled task = true", first)
	}
	if ran := s.RunPending(10); ran != 1 {
		t.Errorf("RunPending(10) = %d, want 1: the cancelled task never runs", ran)
	}
	if want := []string{"resize 3x4"}; !reflect.DeepEqual(ops.calls, want) {
		t.Errorf("image-ops calls = %q, want %q", ops.calls, want)
	}
	if s.Cancel(second) {
		t.Errorf("Cancel(%d) of a completed task = true", second)
	}
	if s.Cancel(99) {
		t.Error("Cancel of an unknown id = true")
	}
	wantError(t, s, first, Error{Kind: ProcessingFailed, Message: "task 1 was cancelled"})
	wantUnknown(t, s, first)
	if s.Cancel(first) {
		t.Errorf("Cancel(%d) of a forgotten task = true", first)
	}
	wantImage(t, s, second, "px;resize 3x4;")
}

func TestUnknownIDs(t *testing.T) {
	s, _, _ := newTestScheduler()
	for _, id := range []uint64{0, 1, 2, 1 << 63, ^uint64(0)} {
		wantUnknown(t, s, id)
		if s.Cancel(id) {
			t.Errorf("Cancel(%d) = true on an empty scheduler", id)
		}
	}
	s.Submit(task("grayscale"))
	wantUnknown(t, s, 0)
	wantUnknown(t, s, 2)
}

func TestRunPendingRunsOldestFirstUpToMax(t *testing.T) {
	s, ops, _ := newTestScheduler()
	for i := 1; i <= 5; i++ {
		s.Submit(task(fmt.Sprintf("resize:%dx%d", i, i)))
	}
	steps := []struct {
		max, want uint32
		calls     []string
	}{
		{0, 0, nil},
		{2, 2, []string{"resize 1x1", "resize 2x2"}},
		{1, 1, []string{"resize 1x1", "resize 2x2", "resize 3x3"}},
		{10, 2, []string{"resize 1x1", "resize 2x2", "resize 3x3", "resize 4x4", "resize 5x5"}},
		{10, 0, []string{"resize 1x1", "resize 2x2", "resize 3x3", "resize 4x4", "resize 5x5"}},
	}
	for _, st := range steps {
		if ran := s.RunPending(st.max); ran != st.want {
			t.Fatalf("RunPending(%d) = %d, want %d", st.max, ran, st.want)
		}
		if !reflect.DeepEqual(ops.calls, st.calls) {
			t.Fatalf("after RunPending(%d): calls %q, want %q", st.max, ops.calls, st.calls)
		}
	}
	for id := uint64(1); id <= 5; id++ {
		img := wantImage(t, s, id, fmt.Sprintf("px;resize %dx%d;", id, id))
		if img.Width != uint32(id) || img.Height != uint32(id) {
			t.Errorf("task %d: size %dx%d", id, img.Width, img.Height)
		}
	}
}

func TestOperationsGetTheirArguments(t *testing.T) {
	s, ops, _ := newTestScheduler()
	opts := FilterOptions{Brightness: ptr[float32](0.25), Contrast: ptr[float32](12), BlurRadius: ptr[uint32](5)}
	id := s.Submit(Task{Image: testImage(), Operation: "resize:640x480|grayscale|blur|apply-filter", Options: opts})
	s.RunPending(1)
	want := []string{"resize 640x480", "grayscale", "blur 5", "apply-filter {brightness=0.25,contrast=12,blur-radius=5}"}
	if !reflect.DeepEqual(ops.calls, want) {
		t.Fatalf("image-ops calls = %q, want %q", ops.calls, want)
	}
	img := wantImage(t, s, id, "px;resize 640x480;grayscale;blur 5;apply-filter {brightness=0.25,contrast=12,blur-radius=5};")
	if img.Width != 640 || img.Height != 480 || img.Channels != 1 {
		t.Errorf("result %dx%dx%d, want 640x480x1", img.Width, img.Height, img.Channels)
	}
}

func TestRetry(t *testing.T) {
	processing := &Error{Kind: ProcessingFailed, Message: "busy"}
	tests := []struct {
		name     string
		op       string
		failures int
		err      error
		calls    int
		want     *Error // nil: completed
	}{
		{"no failure", "grayscale", 0, processing, 1, nil},
		{"one processing failure", "grayscale", 1, processing, 2, nil},
		{"two processing failures", "grayscale", 2, processing, 3, nil},
		{"three processing failures", "grayscale", 3, processing, 3, processing},
		{"always processing failure", "grayscale", 100, processing, 3, processing},
		{"invalid-format is final", "grayscale", 1, &Error{Kind: InvalidFormat, Message: "bad"}, 1,
			&Error{Kind: InvalidFormat, Message: "bad"}},
		{"out-of-memory is final", "grayscale", 1, &Error{Kind: OutOfMemory}, 1, &Error{Kind: OutOfMemory}},
		{"foreign error counts as processing-failed", "grayscale", 3, errors.New("trap"), 3,
			&Error{Kind: ProcessingFailed, Message: "trap"}},
		// A retry runs the whole chain again, from the submitted image.
		{"chain retried whole", "resize:2x2|grayscale", 2, processing, 6, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ops, _ := newTestScheduler()
			failures := tt.failures
			ops.fail = func(call string) error {
				if call != "grayscale" || failures == 0 {
					return nil
				}
				failures--
				return tt.err
			}
			id := s.Submit(task(tt.op))
			if ran := s.RunPending(1); ran != 1 {
				t.Fatalf("RunPending(1) = %d, want 1: retries are one run", ran)
			}
			if len(ops.calls) != tt.calls {
				t.Errorf("image-ops calls = %q, want %d", ops.calls, tt.calls)
			}
			r, ok := s.GetResult(id)
			switch {
			case !ok:
				t.Fatal("no result")
			case tt.want == nil && r.Err != nil:
				t.Fatalf("task failed: %v", r.Err)
			case tt.want != nil && (r.Err == nil || *r.Err != *tt.want):
				t.Fatalf("result %+v, want error %v", r, tt.want)
			case tt.want == nil && tt.op == "resize:2x2|grayscale" && string(r.Image.Data) != "px;resize 2x2;grayscale;":
				t.Fatalf("image data %q: the retry did not start from the submitted image", r.Image.Data)
			}
		})
	}
}

func TestPendingLimit(t *testing.T) {
	s, _, _ := newTestScheduler()
	for i := 1; i <= MaxPending; i++ {
		id := s.Submit(task("grayscale"))
		wantStatus(t, s, id, Pending)
	}
	over := s.Submit(task("grayscale"))
	if over != MaxPending+1 {
		t.Fatalf("id %d, want %d", over, MaxPending+1)
	}
	wantStatus(t, s, over, Failed)
	wantError(t, s, over, Error{Kind: OutOfMemory})

	if ran := s.RunPending(1); ran != 1 {
		t.Fatalf("RunPending(1) = %d", ran)
	}
	next := s.Submit(task("grayscale"))
	wantStatus(t, s, next, Pending) // running one made room
	if ran := s.RunPending(1000); ran != MaxPending {
		t.Fatalf("RunPending(1000) = %d, want %d", ran, MaxPending)
	}
}

func TestFinishedResultsAreBounded(t *testing.T) {
	s, _, log := newTestScheduler()
	// Finish MaxFinished tasks in all three ways, then one more.
	for i := 1; i <= MaxFinished; i++ {
		op := "grayscale"
		if i%3 == 0 {
			op = "sharpen"
		}
		id := s.Submit(task(op))
		if i%5 == 0 {
			s.Cancel(id)
		}
		s.RunPending(1)
	}
	for id := uint64(1); id <= MaxFinished; id++ {
		if _, ok := s.Status(id); !ok {
			t.Fatalf("task %d forgotten with %d finished results", id, MaxFinished)
		}
	}
	log.take()

	last := s.Submit(task("grayscale"))
	s.RunPending(1)
	wantUnknown(t, s, 1)
	wantStatus(t, s, 2, Completed)
	wantStatus(t, s, last, Completed)
	if got, want := log.take()[3], "task 1 forgotten: more than 256 finished results"; got != want {
		t.Errorf("log %q, want %q", got, want)
	}

	// A result returned no longer counts against the bound.
	wantImage(t, s, 2, "px;grayscale;")
	s.Submit(task("grayscale"))
	s.RunPending(1)
	wantStatus(t, s, 3, Failed)

	// A submit beyond the pending limit is a finished result too.
	for i := 0; i <= MaxPending; i++ {
		s.Submit(task("grayscale"))
	}
	wantUnknown(t, s, 3)
}

func TestIDsStartAtOneAndAreNeverReused(t *testing.T) {
	s, _, _ := newTestScheduler()
	seen := map[uint64]bool{}
	next := uint64(1)
	check := func(id uint64) {
		t.Helper()
		if id != next || seen[id] {
			t.Fatalf("id %d, want %d (seen before: %v)", id, next, seen[id])
		}
		seen[id] = true
		next++
	}
	check(s.Submit(task("grayscale")))
	s.RunPending(1)
	s.GetResult(1)
	check(s.Submit(task("grayscale"))) // 1 was forgotten, yet not reused
	s.Cancel(2)
	s.GetResult(2)
	for i := 0; i < MaxPending+2; i++ { // the last two fail at once
		check(s.Submit(task("sharpen")))
	}
	s.RunPending(MaxPending)
	for i := 0; i < MaxFinished+10; i++ {
		check(s.Submit(task("grayscale")))
		s.RunPending(1)
	}
}

func TestEveryStateChangeIsLogged(t *testing.T) {
	processing := &Error{Kind: ProcessingFailed, Message: "busy"}
	tests := []struct {
		name  string
		fail  func(string) error
		steps func(s *Scheduler)
		want  []string
	}{
		{
			name: "completed",
			steps: func(s *Scheduler) {
				s.Submit(task("grayscale"))
				s.RunPending(1)
				s.GetResult(1)
			},
			want: []string{
				"task 1 pending",
				"task 1 pending -> running",
				"task 1 running -> completed",
				"task 1 result returned; task forgotten",
			},
		},
		{
			name: "failed",
			steps: func(s *Scheduler) {
				s.Submit(task("sharpen"))
				s.RunPending(1)
			},
			want: []string{
				"task 1 pending",
				"task 1 pending -> running",
				`task 1 running -> failed: invalid-format: unknown operation "sharpen"`,
			},
		},
		{
			name: "retried",
			fail: failTimes(3, processing),
			steps: func(s *Scheduler) {
				s.Submit(task("grayscale"))
				s.RunPending(1)
			},
			want: []string{
				"task 1 pending",
				"task 1 pending -> running",
				"task 1 attempt 1 of 3 failed: processing-failed: busy; trying again",
				"task 1 attempt 2 of 3 failed: processing-failed: busy; trying again",
				"task 1 running -> failed: processing-failed: busy",
			},
		},
		{
			name: "cancelled",
			steps: func(s *Scheduler) {
				s.Submit(task("grayscale"))
				s.Cancel(1)
				s.Cancel(1) // no state change, no message
				s.GetResult(1)
			},
			want: []string{
				"task 1 pending",
				"task 1 pending -> cancelled",
				"task 1 result returned; task forgotten",
			},
		},
		{
			name: "queries change nothing",
			steps: func(s *Scheduler) {
				s.Submit(task("grayscale"))
				s.Status(1)
				s.GetResult(1)
				s.GetResult(7)
				s.Cancel(7)
				s.RunPending(0)
			},
			want: []string{"task 1 pending"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ops, log := newTestScheduler()
			ops.fail = tt.fail
			tt.steps(s)
			if !reflect.DeepEqual(log.messages, tt.want) {
				t.Errorf("log:\n%q\nwant:\n%q", log.messages, tt.want)
			}
		})
	}
}

func TestSubmitBeyondPendingLimitIsLogged(t *testing.T) {
	s, _, log := newTestScheduler()
	for i := 0; i < MaxPending; i++ {
		s.Submit(task("grayscale"))
	}
	log.take()
	s.Submit(task("grayscale"))
	want := []string{"task 257 failed: out-of-memory: 256 tasks are already pending"}
	if got := log.take(); !reflect.DeepEqual(got, want) {
		t.Errorf("log %q, want %q", got, want)
	}
}
