//go:build wasip1

// Package export_example_image_processing_scheduler implements the exported
// scheduler interface on top of internal/sched. wit-bindgen generates the
// rest of this package (wit_bindings.go: the task resource's handle plumbing)
// into the build tree at build time; the files committed here are the ones it
// leaves to the application.
package export_example_image_processing_scheduler

import (
	"runtime"

	"example.com/image-pipeline/go-scheduler/internal/sched"
	types "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_types"
)

// Task is the exported task resource. pinner and handle are the fields the
// generated plumbing uses; task is what the client asked for, until it is
// submitted.
type Task struct {
	pinner runtime.Pinner
	handle int32
	task   sched.Task
}

// MakeTask is the resource's constructor.
func MakeTask(img types.Image, operation string, options types.FilterOptions) *Task {
	collectIfDue()
	return &Task{task: sched.Task{
		Image:     imageFromWIT(img),
		Operation: operation,
		Options:   optionsFromWIT(options),
	}}
}

// OnDrop runs when the task's last handle is dropped: by a client that never
// submitted it, or by Submit once it has queued the contents. Clearing the
// image matters in case something still references the Task.
func (t *Task) OnDrop() {
	t.task = sched.Task{}
}
