// Tests the design's Go scheduler (scheduler.go, verbatim) on what its
// `cancel` promises: a task cancelled while pending is never run. The
// design's worker sets StatusRunning without looking, so it runs the
// cancelled task and overwrites StatusCancelled with StatusCompleted.
//
//	cd docs/errata/go && go test
package design

import (
	"errors"
	"testing"
	"time"
)

// What the design's imports would have declared: the record types and the
// image-ops import its worker calls (here an identity filter, so that the
// test sees only the scheduler's own logic).
type (
	Image         struct{ Width, Height uint32 }
	FilterOptions struct{}
	Result        struct {
		Ok  *Image
		Err error
	}
	identityOps struct{}
)

var imageOps identityOps

func (identityOps) ApplyFilter(img Image, _ FilterOptions) (Image, error) {
	if img.Width == 0 {
		return Image{}, errors.New("empty image")
	}
	return img, nil
}

func TestCancelledTaskIsNeverRun(t *testing.T) {
	s := NewScheduler(1)
	s.workerPool <- struct{}{} // the one worker slot is busy
	id := s.Submit(Task{Image: Image{Width: 1, Height: 1}})
	if !s.Cancel(id) {
		t.Fatal("cancel of a pending task returned false")
	}
	<-s.workerPool // the slot frees: the submitted task's goroutine takes it
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) && s.GetResult(id) == nil {
		time.Sleep(time.Millisecond)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if got := s.tasks[id].Status; got != StatusCancelled {
		t.Fatalf("a task cancelled while pending ended with status %d, want StatusCancelled (%d)", got, StatusCancelled)
	}
}
