package sched

// Image is an 8-bit image as `types.image` defines it. The scheduler never
// looks inside: validating images is the job of image-ops.
type Image struct {
	Width    uint32
	Height   uint32
	Channels uint8
	Data     []byte
}

// FilterOptions mirrors `types.filter-options`; a nil field is an absent
// option.
type FilterOptions struct {
	Brightness *float32
	Contrast   *float32
	BlurRadius *uint32
}

// Task is what a client submits: an image, an operation and its options.
type Task struct {
	Image     Image
	Operation string
	Options   FilterOptions
}

// Result is a finished task's outcome: the image, or the error when Err is
// not nil.
type Result struct {
	Image Image
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
