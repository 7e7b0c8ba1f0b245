package sched

import (
	"fmt"
	"slices"
)

// The bounds of `scheduler`: they keep one instance's memory, and the frames
// it holds in image-ops, finite whatever a client submits and never fetches.
const (
	MaxPending  = 256
	MaxFinished = 256
	MaxAttempts = 3
)

// Scheduler queues tasks and runs them on request, oldest first.
//
// Ownership: a task's input frame is held from Submit until the task
// finishes (completed, failed, cancelled, or refused beyond MaxPending), then
// dropped; a completed task's result frame is held until GetResult hands it
// to the caller, or dropped when the task is forgotten beyond MaxFinished.
type Scheduler[F Frame, S any] struct {
	ops    ImageOps[F, S]
	log    Logger
	lastID uint64
	tasks  map[uint64]*entry[F, S]
	// pending holds the ids waiting to run, oldest first.
	pending []uint64
	// finished holds the ids whose results are kept, oldest first, so that
	// the oldest is the one forgotten beyond MaxFinished.
	finished []uint64
}

type entry[F Frame, S any] struct {
	status Status
	task   Task[F, S] // the zero Task once the input is dropped
	result Result[F]
}

// New returns a Scheduler that runs tasks through ops and reports every state
// change to log.
func New[F Frame, S any](ops ImageOps[F, S], log Logger) *Scheduler[F, S] {
	return &Scheduler[F, S]{ops: ops, log: log, tasks: make(map[uint64]*entry[F, S])}
}

// Submit takes ownership of t, queues it and returns its id. Ids start at 1
// and are never reused; beyond MaxPending pending tasks the task fails at
// once with out-of-memory, and its input is dropped.
func (s *Scheduler[F, S]) Submit(t Task[F, S]) uint64 {
	s.lastID++
	id := s.lastID
	e := &entry[F, S]{status: Pending, task: t}
	s.tasks[id] = e
	if len(s.pending) >= MaxPending {
		e.status = Failed
		e.result = Result[F]{Err: &Error{Kind: OutOfMemory}}
		s.dropInput(e)
		s.logf("task %d failed: out-of-memory: %d tasks are already pending", id, MaxPending)
		s.keep(id)
		return id
	}
	s.pending = append(s.pending, id)
	s.logf("task %d pending", id)
	return id
}

// RunPending runs up to limit pending tasks, oldest first, and returns how
// many ran.
func (s *Scheduler[F, S]) RunPending(limit uint32) uint32 {
	var ran uint32
	for ran < limit && len(s.pending) > 0 {
		id := s.pending[0]
		s.pending = slices.Delete(s.pending, 0, 1)
		s.run(id)
		ran++
	}
	return ran
}

func (s *Scheduler[F, S]) run(id uint64) {
	e := s.tasks[id]
	s.setStatus(id, e, Running, nil)
	e.result = s.execute(id, e.task)
	s.dropInput(e)
	if e.result.Err != nil {
		s.setStatus(id, e, Failed, e.result.Err)
	} else {
		s.setStatus(id, e, Completed, nil)
	}
	s.keep(id)
}

// execute applies t's steps to its input, trying again while that fails
// with processing-failed, up to MaxAttempts in all. Every attempt borrows
// the same input: a retry copies nothing.
func (s *Scheduler[F, S]) execute(id uint64, t Task[F, S]) Result[F] {
	for attempt := 1; ; attempt++ {
		out, err := s.ops.Apply(t.Input, t.Steps)
		if err == nil {
			return Result[F]{Frame: out}
		}
		e := asError(err)
		if e.Kind != ProcessingFailed || attempt == MaxAttempts {
			return Result[F]{Err: e}
		}
		s.logf("task %d attempt %d of %d failed: %v; trying again", id, attempt, MaxAttempts, e)
	}
}

// GetResult returns a finished task's result and forgets the task; a result
// frame now belongs to the caller. It reports false while the task is
// pending or running and for an unknown id.
func (s *Scheduler[F, S]) GetResult(id uint64) (Result[F], bool) {
	e, ok := s.tasks[id]
	if !ok || !e.status.finished() {
		return Result[F]{}, false
	}
	s.forget(id)
	s.logf("task %d result returned; task forgotten", id)
	return e.result, true
}

// Cancel cancels a pending task, dropping its input, and reports whether it
// was pending.
func (s *Scheduler[F, S]) Cancel(id uint64) bool {
	e, ok := s.tasks[id]
	if !ok || e.status != Pending {
		return false
	}
	i := slices.Index(s.pending, id)
	s.pending = slices.Delete(s.pending, i, i+1)
	s.dropInput(e)
	e.result = Result[F]{Err: &Error{Kind: ProcessingFailed, Message: fmt.Sprintf("task %d was cancelled", id)}}
	s.setStatus(id, e, Cancelled, nil)
	s.keep(id)
	return true
}

// Status reports where the task is, or false for an unknown or forgotten id.
func (s *Scheduler[F, S]) Status(id uint64) (Status, bool) {
	e, ok := s.tasks[id]
	if !ok {
		return 0, false
	}
	return e.status, true
}

func (s *Scheduler[F, S]) setStatus(id uint64, e *entry[F, S], to Status, cause *Error) {
	from := e.status
	e.status = to
	if cause != nil {
		s.logf("task %d %s -> %s: %v", id, from, to, cause)
		return
	}
	s.logf("task %d %s -> %s", id, from, to)
}

// dropInput drops the task's input frame, which it owns until it finishes;
// called once per task, as it finishes.
func (s *Scheduler[F, S]) dropInput(e *entry[F, S]) {
	e.task.Input.Drop()
	e.task = Task[F, S]{}
}

// keep records that id has finished, forgetting the oldest finished task
// beyond MaxFinished and dropping its result frame, which nobody fetched.
func (s *Scheduler[F, S]) keep(id uint64) {
	s.finished = append(s.finished, id)
	for len(s.finished) > MaxFinished {
		oldest := s.finished[0]
		if e := s.tasks[oldest]; e.status == Completed {
			e.result.Frame.Drop()
		}
		s.forget(oldest)
		s.logf("task %d forgotten: more than %d finished results", oldest, MaxFinished)
	}
}

func (s *Scheduler[F, S]) forget(id uint64) {
	delete(s.tasks, id)
	if i := slices.Index(s.finished, id); i >= 0 {
		s.finished = slices.Delete(s.finished, i, i+1)
	}
}

func (s *Scheduler[F, S]) logf(format string, args ...any) {
	s.log.Debug(fmt.Sprintf(format, args...))
}
