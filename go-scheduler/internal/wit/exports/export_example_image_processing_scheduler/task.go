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
	imageops "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_image_ops"
	types "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_types"
)

// schedTask is a task as internal/sched holds it: the generated frame handle
// and the steps exactly as lifted, which only image-ops reads.
type schedTask = sched.Task[*imageops.Frame, []types.Step]

// Task is the exported task resource. pinner and handle are the fields the
// generated plumbing uses; task is what the client asked for, owned by the
// Task until it is submitted.
type Task struct {
	pinner runtime.Pinner
	handle int32
	task   schedTask
}

// MakeTask is the resource's constructor: the task takes ownership of src.
func MakeTask(src *imageops.Frame, steps []types.Step) *Task {
	collectIfDue()
	return &Task{task: schedTask{Input: src, Steps: steps}}
}

// OnDrop runs when the task's last handle is dropped: by a client that never
// submitted it, and then the input frame the task still owns is dropped with
// it; or by Submit, which has moved the contents to the scheduler first.
func (t *Task) OnDrop() {
	if t.task.Input != nil {
		t.task.Input.Drop()
	}
	t.task = schedTask{}
}
