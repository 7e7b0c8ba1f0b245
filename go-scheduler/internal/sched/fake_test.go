package sched

import (
	"fmt"
	"strings"
)

// fakeFrame stands in for an image-ops frame handle. data says how it was
// made: the test's input, then each applied step list, so a result shows
// which steps ran on what and in what order.
type fakeFrame struct {
	data    string
	dropped bool
	pool    *fakeOps
}

func (f *fakeFrame) Drop() {
	if f.dropped {
		f.pool.misuse = append(f.pool.misuse, "dropped twice: "+f.data)
	}
	f.dropped = true
}

// fakeOps stands in for image-ops: Apply appends the steps to the source's
// data. It keeps every frame it made, so that a test can see which are still
// alive (neither dropped by the scheduler nor by the test that fetched
// them), and records misuse, which the component model would trap on: a
// frame used after its drop, or dropped twice.
type fakeOps struct {
	frames []*fakeFrame
	misuse []string
	// calls lists every Apply, failed ones included, as its steps.
	calls []string
	// sources lists the frame each Apply borrowed.
	sources []*fakeFrame
	// fail, when set, decides the outcome of each call before it is made.
	fail func(call string) error
	// during, when set, runs inside each call, while the task is running.
	during func()
}

// frame makes a frame with data, as the host's frame.from-image would.
func (f *fakeOps) frame(data string) *fakeFrame {
	fr := &fakeFrame{data: data, pool: f}
	f.frames = append(f.frames, fr)
	return fr
}

func (f *fakeOps) Apply(src *fakeFrame, steps []string) (*fakeFrame, error) {
	call := strings.Join(steps, "|")
	f.calls = append(f.calls, call)
	f.sources = append(f.sources, src)
	if src.dropped {
		f.misuse = append(f.misuse, "used after drop: "+src.data)
	}
	if f.during != nil {
		f.during()
	}
	if f.fail != nil {
		if err := f.fail(call); err != nil {
			return nil, err
		}
	}
	return f.frame(src.data + call + ";"), nil
}

// alive lists the frames nobody has dropped yet.
func (f *fakeOps) alive() []string {
	var live []string
	for _, fr := range f.frames {
		if !fr.dropped {
			live = append(live, fr.data)
		}
	}
	return live
}

// failTimes fails the first n calls with err, then succeeds.
func failTimes(n int, err error) func(string) error {
	return func(string) error {
		if n == 0 {
			return nil
		}
		n--
		return err
	}
}

type recordingLogger struct {
	messages []string
}

func (l *recordingLogger) Debug(message string) {
	l.messages = append(l.messages, message)
}

// take returns the messages logged since the last take.
func (l *recordingLogger) take() []string {
	m := l.messages
	l.messages = nil
	return m
}

type testScheduler = Scheduler[*fakeFrame, []string]

func newTestScheduler() (*testScheduler, *fakeOps, *recordingLogger) {
	ops := &fakeOps{}
	log := &recordingLogger{}
	return New[*fakeFrame, []string](ops, log), ops, log
}

// task is a task on a new input frame "px;" with steps.
func task(ops *fakeOps, steps ...string) Task[*fakeFrame, []string] {
	return Task[*fakeFrame, []string]{Input: ops.frame("px;"), Steps: steps}
}

// rejectUnknown fails steps named "sharpen" as image-ops' apply rejects a
// step it cannot run: invalid-format, before any work.
func rejectUnknown(call string) error {
	if strings.Contains(call, "sharpen") {
		return &Error{Kind: InvalidFormat, Message: fmt.Sprintf("step 0: unknown step %q", call)}
	}
	return nil
}
