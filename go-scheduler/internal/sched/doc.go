// Package sched is the scheduler of the scheduler component: a bounded queue
// of tasks, each an owned frame handle and the steps to apply to it, that run
// through an [ImageOps] when the host asks for it.
//
// It moves handles only. A frame is a handle to pixels that stay in
// image-ops, and the steps are passed through as they came: image-ops checks
// and runs them. So the scheduler is generic over both ([Frame] and any step
// list type), and knows nothing of the component model: every rule of
// example:image-processing/scheduler, ownership included (which frame is
// dropped when), is tested natively with a fake ImageOps. The component glue
// instantiates it with the generated handle and step types. A Scheduler is
// not safe for concurrent use: a component instance runs one call at a time.
package sched
