package sched

// Frame is an owned handle to a frame of image-ops. The scheduler never
// looks inside a frame; it drops each one it owns exactly once, when done
// with it, and hands the others on.
type Frame interface {
	Drop()
}

// ImageOps is the imported `image-ops` interface: Apply borrows src for the
// call and returns a new frame, owned by the caller. Implementations report
// failures as *Error; any other error counts as processing-failed.
type ImageOps[F Frame, S any] interface {
	Apply(src F, steps S) (F, error)
}

// Logger receives one message per state change. The component sends them to
// wasi:logging at debug level with context "scheduler".
type Logger interface {
	Debug(message string)
}
