//go:build wasip1

package export_example_image_processing_scheduler

import (
	"example.com/image-pipeline/go-scheduler/internal/sched"
	imageops "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_image_ops"
	wit "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_scheduler"
	types "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_types"
	witTypes "go.bytecodealliance.org/pkg/wit/types"
)

// One scheduler per component instance: the instance runs one call at a time,
// so it needs no locking.
var scheduler = sched.New[*imageops.Frame, []types.Step](imageOps{}, logger{})

// frameResult is what get-result returns.
type frameResult = witTypes.Result[*imageops.Frame, types.Error]

// Submit moves the task's contents, its input frame included, to the
// scheduler and drops the own handle it received: the task resource has
// done its job once submitted. Drop is the generated resource.drop; the
// runtime then runs the [dtor] export, which unpins the Task, and whose
// OnDrop finds nothing left to drop. It relies on patches/own-handle.patch,
// which makes the generated TaskFromOwnHandle record the handle it was given
// (wit-bindgen-go 0.63.0 forgets it, and a forgotten handle leaks one table
// entry per task).
func Submit(task *Task) uint64 {
	collectIfDue()
	t := task.task
	task.task = schedTask{}
	task.Drop()
	return scheduler.Submit(t)
}

func RunPending(limit uint32) uint32 {
	collectIfDue()
	return scheduler.RunPending(limit)
}

// GetResult hands a completed task's frame to the caller: lowering the
// result takes the handle out of the *Frame (the generated TakeHandle), so
// the scheduler holds nothing of it afterwards.
func GetResult(id uint64) witTypes.Option[frameResult] {
	collectIfDue()
	r, ok := scheduler.GetResult(id)
	if !ok {
		return witTypes.None[frameResult]()
	}
	if r.Err != nil {
		return witTypes.Some(witTypes.Err[*imageops.Frame](errorToWIT(r.Err)))
	}
	return witTypes.Some(witTypes.Ok[*imageops.Frame, types.Error](r.Frame))
}

// Cancel drops the cancelled task's input frame, an import call, which needs
// no collection point since it lowers nothing into this instance; Status
// allocates next to nothing.
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
