//go:build wasip1

package export_example_image_processing_scheduler

import (
	"example.com/image-pipeline/go-scheduler/internal/sched"
	wit "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_scheduler"
	types "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_types"
)

// Conversions between the generated WIT types and internal/sched's. Every
// switch has a default case that does not panic: a panic would trap the
// component.

func errorToWIT(e *sched.Error) types.Error {
	switch e.Kind {
	case sched.InvalidFormat:
		return types.MakeErrorInvalidFormat(e.Message)
	case sched.OutOfMemory:
		return types.MakeErrorOutOfMemory()
	default:
		return types.MakeErrorProcessingFailed(e.Message)
	}
}

func errorFromWIT(e types.Error) *sched.Error {
	switch e.Tag() {
	case types.Error_InvalidFormat:
		return &sched.Error{Kind: sched.InvalidFormat, Message: e.InvalidFormat()}
	case types.Error_ProcessingFailed:
		return &sched.Error{Kind: sched.ProcessingFailed, Message: e.ProcessingFailed()}
	case types.Error_OutOfMemory:
		return &sched.Error{Kind: sched.OutOfMemory}
	default:
		return &sched.Error{Kind: sched.ProcessingFailed, Message: "image-ops returned an unknown error case"}
	}
}

func statusToWIT(s sched.Status) wit.TaskStatus {
	switch s {
	case sched.Pending:
		return wit.TaskStatus_Pending
	case sched.Running:
		return wit.TaskStatus_Running
	case sched.Completed:
		return wit.TaskStatus_Completed
	case sched.Cancelled:
		return wit.TaskStatus_Cancelled
	default:
		return wit.TaskStatus_Failed
	}
}
