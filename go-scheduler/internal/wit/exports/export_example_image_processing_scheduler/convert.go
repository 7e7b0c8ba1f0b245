//go:build wasip1

package export_example_image_processing_scheduler

import (
	"example.com/image-pipeline/go-scheduler/internal/sched"
	wit "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_scheduler"
	types "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_types"
	witTypes "go.bytecodealliance.org/pkg/wit/types"
)

// Conversions between the generated WIT types and internal/sched's. Every
// switch has a default case that does not panic: a panic would trap the
// component.

func imageFromWIT(img types.Image) sched.Image {
	return sched.Image{Width: img.Width, Height: img.Height, Channels: img.Channels, Data: img.Data}
}

func imageToWIT(img sched.Image) types.Image {
	return types.Image{Width: img.Width, Height: img.Height, Channels: img.Channels, Data: img.Data}
}

func optionsFromWIT(o types.FilterOptions) sched.FilterOptions {
	return sched.FilterOptions{
		Brightness: optionFromWIT(o.Brightness),
		Contrast:   optionFromWIT(o.Contrast),
		BlurRadius: optionFromWIT(o.BlurRadius),
	}
}

func optionsToWIT(o sched.FilterOptions) types.FilterOptions {
	return types.FilterOptions{
		Brightness: optionToWIT(o.Brightness),
		Contrast:   optionToWIT(o.Contrast),
		BlurRadius: optionToWIT(o.BlurRadius),
	}
}

func optionFromWIT[T any](o witTypes.Option[T]) *T {
	if !o.IsSome() {
		return nil
	}
	v := o.Some()
	return &v
}

func optionToWIT[T any](p *T) witTypes.Option[T] {
	if p == nil {
		return witTypes.None[T]()
	}
	return witTypes.Some(*p)
}

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

// resultFromWIT returns a nil error interface on success: a typed nil
// *sched.Error would read as a failure.
func resultFromWIT(r witTypes.Result[types.Image, types.Error]) (sched.Image, error) {
	if r.IsErr() {
		return sched.Image{}, errorFromWIT(r.Err())
	}
	return imageFromWIT(r.Ok()), nil
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
