package sched

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
)

func wantStatus(t *testing.T, s *testScheduler, id uint64, want Status) {
	t.Helper()
	got, ok := s.Status(id)
	if !ok || got != want {
		t.Fatalf("Status(%d) = %v, %v; want %v, true", id, got, ok, want)
	}
}

func wantUnknown(t *testing.T, s *testScheduler, id uint64) {
	t.Helper()
	if got, ok := s.Status(id); ok {
		t.Fatalf("Status(%d) = %v, want unknown", id, got)
	}
	if r, ok := s.GetResult(id); ok {
		t.Fatalf("GetResult(%d) = %+v, want none", id, r)
	}
}

func wantNoResult(t *testing.T, s *testScheduler, id uint64) {
	t.Helper()
	if r, ok := s.GetResult(id); ok {
		t.Fatalf("GetResult(%d) = %+v, want none", id, r)
	}
}

func wantError(t *testing.T, s *testScheduler, id uint64, want Error) {
	t.Helper()
	r, ok := s.GetResult(id)
	if !ok {
		t.Fatalf("GetResult(%d) = none, want error %v", id, &want)
	}
	if r.Err == nil || *r.Err != want {
		t.Fatalf("GetResult(%d) = %+v, want error %v", id, r, &want)
	}
}

// wantFrame fetches a completed task's frame, which the test then owns, and
// drops it.
func wantFrame(t *testing.T, s *testScheduler, id uint64, data string) {
	t.Helper()
	r, ok := s.GetResult(id)
	if !ok {
		t.Fatalf("GetResult(%d) = none, want a frame", id)
	}
	if r.Err != nil {
		t.Fatalf("GetResult(%d) failed: %v", id, r.Err)
	}
	if r.Frame.dropped {
		t.Fatalf("GetResult(%d) returned a dropped frame", id)
	}
	if r.Frame.data != data {
		t.Fatalf("GetResult(%d) frame %q, want %q", id, r.Frame.data, data)
	}
	r.Frame.Drop()
}

// wantAlive checks which frames are alive (their owner has not dropped
// them) and that no frame was misused.
func wantAlive(t *testing.T, ops *fakeOps, want ...string) {
	t.Helper()
	if len(ops.misuse) > 0 {
		t.Fatalf("frames misused: %q", ops.misuse)
	}
	got := ops.alive()
	switch {
	case slices.Equal(got, want):
	case len(got)+len(want) > 8:
		t.Fatalf("%d frames alive, want %d", len(got), len(want))
	default:
		t.Fatalf("alive frames %q, want %q", got, want)
	}
}

func TestCompletedTaskLifecycle(t *testing.T) {
	s, ops, _ := newTestScheduler()
	id := s.Submit(task(ops, "grayscale"))
	wantStatus(t, s, id, Pending)
	wantNoResult(t, s, id)
	wantStatus(t, s, id, Pending) // asking for the result does not change it
	wantAlive(t, ops, "px;")      // the task owns its input

	if ran := s.RunPending(1); ran != 1 {
		t.Fatalf("RunPending(1) = %d, want 1", ran)
	}
	wantStatus(t, s, id, Completed)
	wantAlive(t, ops, "px;grayscale;") // input dropped, result held
	wantFrame(t, s, id, "px;grayscale;")
	wantUnknown(t, s, id) // returning the result forgot the task
	wantAlive(t, ops)
}

func TestTaskIsRunningOnlyInsideRunPending(t *testing.T) {
	s, ops, _ := newTestScheduler()
	id := s.Submit(task(ops, "grayscale"))
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
		steps []string
		fail  func(string) error
		want  Error
	}{
		{"image-ops rejects a step", []string{"sharpen"}, rejectUnknown,
			Error{Kind: InvalidFormat, Message: `step 0: unknown step "sharpen"`}},
		{"image-ops out of memory", []string{"grayscale"}, failTimes(1, &Error{Kind: OutOfMemory}),
			Error{Kind: OutOfMemory}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ops, _ := newTestScheduler()
			ops.fail = tt.fail
			id := s.Submit(task(ops, tt.steps...))
			wantStatus(t, s, id, Pending)
			if ran := s.RunPending(1); ran != 1 {
				t.Fatalf("RunPending(1) = %d, want 1", ran)
			}
			wantStatus(t, s, id, Failed)
			if len(ops.calls) != 1 {
				t.Errorf("image-ops calls = %q, want 1", ops.calls)
			}
			wantAlive(t, ops) // the input is dropped when the task fails
			wantError(t, s, id, tt.want)
			wantUnknown(t, s, id)
		})
	}
}

func TestCancel(t *testing.T) {
	s, ops, _ := newTestScheduler()
	first := s.Submit(task(ops, "grayscale"))
	second := s.Submit(task(ops, "resize 3x4"))

	if !s.Cancel(first) {
		t.Fatalf("Cancel(%d) of a pending task = false", first)
	}
	wantStatus(t, s, first, Cancelled)
	wantAlive(t, ops, "px;") // the cancelled task's input is dropped at once
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
	wantFrame(t, s, second, "px;resize 3x4;")
	wantAlive(t, ops)
}

func TestUnknownIDs(t *testing.T) {
	s, ops, _ := newTestScheduler()
	for _, id := range []uint64{0, 1, 2, 1 << 63, ^uint64(0)} {
		wantUnknown(t, s, id)
		if s.Cancel(id) {
			t.Errorf("Cancel(%d) = true on an empty scheduler", id)
		}
	}
	s.Submit(task(ops, "grayscale"))
	wantUnknown(t, s, 0)
	wantUnknown(t, s, 2)
}

func TestRunPendingRunsOldestFirstUpToMax(t *testing.T) {
	s, ops, _ := newTestScheduler()
	for i := 1; i <= 5; i++ {
		s.Submit(task(ops, fmt.Sprintf("resize %dx%d", i, i)))
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
		wantFrame(t, s, id, fmt.Sprintf("px;resize %dx%d;", id, id))
	}
	wantAlive(t, ops)
}

func TestStepsAndInputPassThroughUnchanged(t *testing.T) {
	s, ops, _ := newTestScheduler()
	steps := []string{"resize 640x480", "grayscale", "blur 5", "filter {brightness=0.25}"}
	in := task(ops, steps...)
	id := s.Submit(in)
	s.RunPending(1)
	if want := []string{"resize 640x480|grayscale|blur 5|filter {brightness=0.25}"}; !reflect.DeepEqual(ops.calls, want) {
		t.Fatalf("image-ops calls = %q, want %q", ops.calls, want)
	}
	if ops.sources[0] != in.Input {
		t.Fatalf("apply borrowed %p, not the task's input %p", ops.sources[0], in.Input)
	}
	wantFrame(t, s, id, "px;resize 640x480|grayscale|blur 5|filter {brightness=0.25};")
}

func TestRetry(t *testing.T) {
	processing := &Error{Kind: ProcessingFailed, Message: "busy"}
	tests := []struct {
		name     string
		failures int
		err      error
		calls    int
		want     *Error // nil: completed
	}{
		{"no failure", 0, processing, 1, nil},
		{"one processing failure", 1, processing, 2, nil},
		{"two processing failures", 2, processing, 3, nil},
		{"three processing failures", 3, processing, 3, processing},
		{"always processing failure", 100, processing, 3, processing},
		{"invalid-format is final", 1, &Error{Kind: InvalidFormat, Message: "bad"}, 1,
			&Error{Kind: InvalidFormat, Message: "bad"}},
		{"out-of-memory is final", 1, &Error{Kind: OutOfMemory}, 1, &Error{Kind: OutOfMemory}},
		{"foreign error counts as processing-failed", 3, errors.New("trap"), 3,
			&Error{Kind: ProcessingFailed, Message: "trap"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ops, _ := newTestScheduler()
			ops.fail = failTimes(tt.failures, tt.err)
			in := task(ops, "resize 2x2", "grayscale")
			id := s.Submit(in)
			if ran := s.RunPending(1); ran != 1 {
				t.Fatalf("RunPending(1) = %d, want 1: retries are one run", ran)
			}
			if len(ops.calls) != tt.calls {
				t.Errorf("image-ops calls = %q, want %d", ops.calls, tt.calls)
			}
			// Every attempt borrows the input the task still owns: no copy.
			for i, src := range ops.sources {
				if src != in.Input {
					t.Errorf("attempt %d borrowed %q, not the task's input", i+1, src.data)
				}
			}
			if tt.want == nil {
				wantFrame(t, s, id, "px;resize 2x2|grayscale;")
			} else {
				wantError(t, s, id, *tt.want)
			}
			wantAlive(t, ops)
		})
	}
}

func TestPendingLimit(t *testing.T) {
	s, ops, _ := newTestScheduler()
	for i := 1; i <= MaxPending; i++ {
		id := s.Submit(task(ops, "grayscale"))
		wantStatus(t, s, id, Pending)
	}
	over := task(ops, "grayscale")
	id := s.Submit(over)
	if id != MaxPending+1 {
		t.Fatalf("id %d, want %d", id, MaxPending+1)
	}
	wantStatus(t, s, id, Failed)
	if !over.Input.dropped {
		t.Fatal("a task refused beyond the pending limit kept its input")
	}
	wantError(t, s, id, Error{Kind: OutOfMemory})

	if ran := s.RunPending(1); ran != 1 {
		t.Fatalf("RunPending(1) = %d", ran)
	}
	next := s.Submit(task(ops, "grayscale"))
	wantStatus(t, s, next, Pending) // running one made room
	if ran := s.RunPending(1000); ran != MaxPending {
		t.Fatalf("RunPending(1000) = %d, want %d", ran, MaxPending)
	}
}

func TestFinishedResultsAreBounded(t *testing.T) {
	s, ops, log := newTestScheduler()
	ops.fail = rejectUnknown
	// Finish MaxFinished tasks in all three ways, then one more.
	for i := 1; i <= MaxFinished; i++ {
		step := fmt.Sprintf("grayscale %d", i)
		if i%3 == 0 {
			step = "sharpen"
		}
		id := s.Submit(task(ops, step))
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

	last := s.Submit(task(ops, "grayscale last"))
	s.RunPending(1)
	wantUnknown(t, s, 1)
	if slices.Contains(ops.alive(), "px;grayscale 1;") {
		t.Error("the forgotten task's result frame was not dropped")
	}
	wantStatus(t, s, 2, Completed)
	wantStatus(t, s, last, Completed)
	if got, want := log.take()[3], "task 1 forgotten: more than 256 finished results"; got != want {
		t.Errorf("log %q, want %q", got, want)
	}

	// A result returned no longer counts against the bound.
	wantFrame(t, s, 2, "px;grayscale 2;")
	s.Submit(task(ops, "grayscale"))
	s.RunPending(1)
	wantStatus(t, s, 3, Failed)

	// A submit beyond the pending limit is a finished result too.
	for i := 0; i <= MaxPending; i++ {
		s.Submit(task(ops, "grayscale"))
	}
	wantUnknown(t, s, 3)
}

func TestIDsStartAtOneAndAreNeverReused(t *testing.T) {
	s, ops, _ := newTestScheduler()
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
	check(s.Submit(task(ops, "grayscale")))
	s.RunPending(1)
	s.GetResult(1)
	check(s.Submit(task(ops, "grayscale"))) // 1 was forgotten, yet not reused
	s.Cancel(2)
	s.GetResult(2)
	for i := 0; i < MaxPending+2; i++ { // the last two fail at once
		check(s.Submit(task(ops, "sharpen")))
	}
	s.RunPending(MaxPending)
	for i := 0; i < MaxFinished+10; i++ {
		check(s.Submit(task(ops, "grayscale")))
		s.RunPending(1)
	}
}

// Whatever happens to tasks, each frame is dropped exactly once, by its
// owner, and the scheduler holds none once every task is fetched or
// forgotten: the frames alive are the results the client fetched and kept.
func TestNoFrameLeaksOrIsDroppedTwice(t *testing.T) {
	s, ops, _ := newTestScheduler()
	calls := 0
	ops.fail = func(call string) error {
		calls++
		switch {
		case calls%7 == 0:
			return &Error{Kind: ProcessingFailed, Message: "busy"}
		case calls%11 == 0:
			return &Error{Kind: OutOfMemory}
		}
		return rejectUnknown(call)
	}
	var kept []*fakeFrame
	for round := 0; round < 2000; round++ {
		step := "grayscale"
		if round%13 == 0 {
			step = "sharpen"
		}
		id := s.Submit(task(ops, step))
		switch {
		case round%17 == 0:
			s.Cancel(id)
		case round%5 == 0:
			continue // left pending: runs in a later round, never fetched
		}
		s.RunPending(3)
		if round%3 == 0 {
			continue // left finished, never fetched: forgotten later
		}
		if r, ok := s.GetResult(id); ok && r.Err == nil {
			if round%2 == 0 {
				r.Frame.Drop()
			} else {
				kept = append(kept, r.Frame)
			}
		}
	}
	s.RunPending(MaxPending)
	// Fetch what is still kept, as a client finally would.
	for id := uint64(1); id <= 2000; id++ {
		if r, ok := s.GetResult(id); ok && r.Err == nil {
			r.Frame.Drop()
		}
	}
	var want []string
	for _, f := range kept {
		want = append(want, f.data)
	}
	wantAlive(t, ops, want...)
}

func TestEveryStateChangeIsLogged(t *testing.T) {
	processing := &Error{Kind: ProcessingFailed, Message: "busy"}
	tests := []struct {
		name  string
		fail  func(string) error
		steps func(s *testScheduler, ops *fakeOps)
		want  []string
	}{
		{
			name: "completed",
			steps: func(s *testScheduler, ops *fakeOps) {
				s.Submit(task(ops, "grayscale"))
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
			fail: rejectUnknown,
			steps: func(s *testScheduler, ops *fakeOps) {
				s.Submit(task(ops, "sharpen"))
				s.RunPending(1)
			},
			want: []string{
				"task 1 pending",
				"task 1 pending -> running",
				`task 1 running -> failed: invalid-format: step 0: unknown step "sharpen"`,
			},
		},
		{
			name: "retried",
			fail: failTimes(3, processing),
			steps: func(s *testScheduler, ops *fakeOps) {
				s.Submit(task(ops, "grayscale"))
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
			steps: func(s *testScheduler, ops *fakeOps) {
				s.Submit(task(ops, "grayscale"))
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
			steps: func(s *testScheduler, ops *fakeOps) {
				s.Submit(task(ops, "grayscale"))
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
			tt.steps(s, ops)
			if !reflect.DeepEqual(log.messages, tt.want) {
				t.Errorf("log:\n%q\nwant:\n%q", log.messages, tt.want)
			}
		})
	}
}

func TestSubmitBeyondPendingLimitIsLogged(t *testing.T) {
	s, ops, log := newTestScheduler()
	for i := 0; i < MaxPending; i++ {
		s.Submit(task(ops, "grayscale"))
	}
	log.take()
	s.Submit(task(ops, "grayscale"))
	want := []string{"task 257 failed: out-of-memory: 256 tasks are already pending"}
	if got := log.take(); !reflect.DeepEqual(got, want) {
		t.Errorf("log %q, want %q", got, want)
	}
}
