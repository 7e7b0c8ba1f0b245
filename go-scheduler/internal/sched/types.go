package sched

// Task is what a client submits: an input frame, which the task owns, and
// the steps to apply to it.
type Task[F Frame, S any] struct {
	Input F
	Steps S
}

// Result is a finished task's outcome: a frame, owned by whoever holds the
// Result, or the error when Err is not nil.
type Result[F Frame] struct {
	Frame F
	Err   *Error
}

// Status is where a task is in its lifecycle, in the order of
// `task-status`.
type Status uint8

const (
	Pending Status = iota
	Running
	Completed
	Failed
	Cancelled
)

var statusNames = [...]string{"pending", "running", "completed", "failed", "cancelled"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

func (s Status) finished() bool {
	return s == Completed || s == Failed || s == Cancelled
}
