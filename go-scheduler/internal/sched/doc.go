// Package sched is the scheduler of the scheduler component: a bounded queue
// of image tasks that run through an [ImageOps] when the host asks for it.
//
// It is plain Go and knows nothing of the component model, so that every
// rule of example:image-processing/scheduler can be tested natively with a
// fake ImageOps; the component glue converts between these types and the
// generated bindings. A Scheduler is not safe for concurrent use: a
// component instance runs one call at a time.
package sched
