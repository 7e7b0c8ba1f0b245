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

// Submit queues the task. The generated wrapper does not hand over the own
// handle it received (wit-bindgen-go 0.63.0), so the handle cannot be dropped
// and this Task stays pinned; clearing it lets its image be collected once the
// task has run.
func Submit(task *Task) uint64 {
	t := task.task
	task.task = sched.Task{}
	return scheduler.Submit(t)
}

func RunPending(limit uint32) uint32 {
	return scheduler.RunPending(limit)
}

func GetResult(id uint64) witTypes.Option[witTypes.Result[types.Image, types.Error]] {
	r, ok := scheduler.GetResult(id)
	if !ok {
		return witTypes.None[witTypes.Result[types.Image, types.Error]]()
	}
	if r.Err != nil {
		return witTypes.Some(witTypes.Err[types.Image](errorToWIT(r.Err)))
	}
	return witTypes.Some(witTypes.Ok[types.Image, types.Error](imageToWIT(r.Image)))
}

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
