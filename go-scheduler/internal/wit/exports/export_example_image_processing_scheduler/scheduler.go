//go:build wasip1

package export_example_image_processing_scheduler

import (
	"example.com/image-pipeline/go-scheduler/internal/sched"
	wit "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_scheduler"
	types "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_types"
	witTypes "go.bytecodealliance.org/pkg/wit/types"
)

// One scheduler per component instance: the instance runs one call at a time,
// so it needs no locking.
var scheduler = sched.New(imageOps{}, logger{})

// Submit queues the task's contents and drops the own handle it received:
// the task resource has done its job once submitted. Drop is the generated
// resource.drop; the runtime then runs the [dtor] export, which unpins the
// Task. It relies on patches/own-handle.patch, which makes the generated
// TaskFromOwnHandle record the handle it was given (wit-bindgen-go 0.63.0
// forgets it, and a forgotten handle leaks one table entry per task).
func Submit(task *Task) uint64 {
	collectIfDue()
	t := task.task
	task.Drop()
	return scheduler.Submit(t)
}

func RunPending(limit uint32) uint32 {
	collectIfDue()
	return scheduler.RunPending(limit)
}

func GetResult(id uint64) witTypes.Option[witTypes.Result[types.Image, types.Error]] {
	collectIfDue()
	r, ok := scheduler.GetResult(id)
	if !ok {
		return witTypes.None[witTypes.Result[types.Image, types.Error]]()
	}
	if r.Err != nil {
		return witTypes.Some(witTypes.Err[types.Image](errorToWIT(r.Err)))
	}
	return witTypes.Some(witTypes.Ok[types.Image, types.Error](imageToWIT(r.Image)))
}

// Cancel and Status allocate next to nothing: no collection point.
func Cancel(id uint64) bool {
	return scheduler.Cancel(id)
}

func Status(id uint64) witTypes.Option[wit.TaskStatus] {
	st, ok := scheduler.Status(id)
	if !ok {
		return witTypes.None[wit.TaskStatus]()
	}
	return witTypes.Some(statusToWIT(st))
}
