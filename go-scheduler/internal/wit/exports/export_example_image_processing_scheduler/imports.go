//go:build wasip1

package export_example_image_processing_scheduler

import (
	imageops "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_image_ops"
	types "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_types"
	logging "example.com/image-pipeline/go-scheduler/internal/wit/imports/wasi_logging_logging"
)

// imageOps is sched.ImageOps over the imported image-ops interface: apply
// borrows the task's input frame (the generated binding passes its handle
// as a borrow) and returns a new owned frame. It collects garbage first if
// due (gc.go): an error's message is lowered through cabi_realloc, where no
// collection may finish.
type imageOps struct{}

func (imageOps) Apply(src *imageops.Frame, steps []types.Step) (*imageops.Frame, error) {
	collectIfDue()
	r := imageops.Apply(src, steps)
	if r.IsErr() {
		// A nil error interface on success only: a typed nil *sched.Error
		// would read as a failure.
		return nil, errorFromWIT(r.Err())
	}
	return r.Ok(), nil
}

// logger is sched.Logger over the imported wasi:logging.
type logger struct{}

const logContext = "scheduler"

func (logger) Debug(message string) {
	logging.Log(logging.Level_Debug, logContext, message)
}
