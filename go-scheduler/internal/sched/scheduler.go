package sched

import (
	"fmt"
	"slices"
)

// The bounds of `scheduler`: they keep one instance's memory finite whatever
// a client submits and never fetches.
const (
	MaxPending  = 256
	MaxFinished = 256
	MaxAttempts = 3
)

// Scheduler queues tasks and runs them on request, oldest first.
type Scheduler struct {
	ops    ImageOps
	log    Logger
	lastID uint64
	tasks  map[uint64]*entry
	// pending holds the ids waiting to run, oldest first.
	pending []uint64
	// finished holds the ids whose results are kept, oldest first, so that
	// the oldest is the one forgotten beyond MaxFinished.
	finished []uint64
}

type entry struct {
	status Status
	task   Task // dropped once the task has run or been cancelled
	result Result
}

// New returns a Scheduler that runs tasks through ops and reports every state
// change to log.
func New(ops ImageOps, log Logger) *Scheduler {
	return &Scheduler{ops: ops, log: log, tasks: make(map[uint64]*entry)}
}

// Submit queues t and returns its id. Ids start at 1 and are never reused;
// beyond MaxPending pending tasks the task fails at once with out-of-memory.
func (s *Scheduler) Submit(t Task) uint64 {
	s.lastID++
	id := s.lastID
	if len(s.pending) >= MaxPending {
		e := &entry{status: Failed, result: Result{Err: &Error{Kind: OutOfMemory}}}
		s.tasks[id] = e
		s.logf("task %d failed: out-of-memory: %d tasks are already pending", id, MaxPending)
		s.keep(id)
		return id
	}
	s.tasks[id] = &entry{status: Pending, task: t}
	s.pending = append(s.pending, id)
	s.logf("task %d pending", id)
	return id
}

// RunPending runs up to limit pending tasks, oldest first, and returns how
// many ran.
func (s *Scheduler) RunPending(limit uint32) uint32 {
	var ran uint32
	for ran < limit && len(s.pending) > 0 {
		id := s.pending[0]
		s.pending = slices.Delete(s.pending, 0, 1)
		s.run(id)
		ran++
	}
	return ran
}

func (s *Scheduler) run(id uint64) {
	e := s.tasks[id]
	s.setStatus(id, e, Running, nil)
	e.result = s.execute(id, e.task)
	e.task = Task{}
	if e.result.Err != nil {
		s.setStatus(id, e, Failed, e.result.Err)
	} else {
		s.setStatus(id, e, Completed, nil)
	}
	s.keep(id)
}

// execute runs t's operation, trying it again while it fails with
// processing-failed, up to MaxAttempts in all.
func (s *Scheduler) execute(id uint64, t Task) Result {
	steps, err := parseOperation(t.Operation, t.Options)
	if err != nil {
		return Result{Err: err}
	}
	for attempt := 1; ; attempt++ {
		img, err := runSteps(s.ops, steps, t.Image)
		if err == nil {
			return Result{Image: img}
		}
		if err.Kind != ProcessingFailed || attempt == MaxAttempts {
			return Result{Err: err}
		}
		s.logf("task %d attempt %d of %d failed: %v; trying again", id, attempt, MaxAttempts, err)
	}
}

// GetResult returns a finished task's result and forgets the task. It reports
// false while the task is pending or running and for an unknown id.
func (s *Scheduler) GetResult(id uint64) (Result, bool) {
	e, ok := s.tasks[id]
	if !ok || !e.status.finished() {
		return Result{}, false
	}
	s.forget(id)
	s.logf("task %d result returned; task forgotten", id)
	return e.result, true
}

// Cancel cancels a pending task and reports whether it was pending.
func (s *Scheduler) Cancel(id uint64) bool {
	e, ok := s.tasks[id]
	if !ok || e.status != Pending {
		return false
	}
	i := slices.Index(s.pending, id)
	s.pending = slices.Delete(s.pending, i, i+1)
	e.task = Task{}
	e.result = Result{Err: &Error{Kind: ProcessingFailed, Message: fmt.Sprintf("task %d was cancelled", id)}}
	s.setStatus(id, e, Cancelled, nil)
	s.keep(id)
	return true
}

// Status reports where the task is, or false for an unknown or forgotten id.
func (s *Scheduler) Status(id uint64) (Status, bool) {
	e, ok := s.tasks[id]
	if !ok {
		return 0, false
	}
	return e.status, true
}

func (s *Scheduler) setStatus(id uint64, e *entry, to Status, cause *Error) {
	from := e.status
	e.status = to
	if cause != nil {
		s.logf("task %d %s -> %s: %v", id, from, to, cause)
		return
	}
	s.logf("task %d %s -> %s", id, from, to)
}

// keep records that id has finished, forgetting the oldest finished task
// beyond MaxFinished.
func (s *Scheduler) keep(id uint64) {
	s.finished = append(s.finished, id)
	for len(s.finished) > MaxFinished {
		oldest := s.finished[0]
		s.forget(oldest)
		s.logf("task %d forgotten: more than %d finished results", oldest, MaxFinished)
	}
}

func (s *Scheduler) forget(id uint64) {
	delete(s.tasks, id)
	if i := slices.Index(s.finished, id); i >= 0 {
		s.finished = slices.Delete(s.finished, i, i+1)
	}
}

func (s *Scheduler) logf(format string, args ...any) {
	s.log.Debug(fmt.Sprintf(format, args...))
}
