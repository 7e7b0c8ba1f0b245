//go:build wasip1

package export_example_image_processing_scheduler

import (
	"example.com/image-pipeline/go-scheduler/internal/sched"
	imageops "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_image_ops"
	logging "example.com/image-pipeline/go-scheduler/internal/wit/imports/wasi_logging_logging"
)

// imageOps is sched.ImageOps over the imported image-ops interface. Each
// call collects garbage first if due (gc.go): the result it returns is
// lowered through cabi_realloc, where no collection may finish.
type imageOps struct{}

func (imageOps) Grayscale(img sched.Image) (sched.Image, error) {
	collectIfDue()
	return resultFromWIT(imageops.Grayscale(imageToWIT(img)))
}

func (imageOps) Blur(img sched.Image, radius uint32) (sched.Image, error) {
	collectIfDue()
	return resultFromWIT(imageops.Blur(imageToWIT(img), radius))
}

func (imageOps) Resize(img sched.Image, width, height uint32) (sched.Image, error) {
	collectIfDue()
	return resultFromWIT(imageops.Resize(imageToWIT(img), width, height))
}

func (imageOps) ApplyFilter(img sched.Image, opts sched.FilterOptions) (sched.Image, error) {
	collectIfDue()
	return resultFromWIT(imageops.ApplyFilter(imageToWIT(img), optionsToWIT(opts)))
}

// logger is sched.Logger over the imported wasi:logging.
type logger struct{}

const logContext = "scheduler"

func (logger) Debug(message string) {
	logging.Log(logging.Level_Debug, logContext, message)
}
