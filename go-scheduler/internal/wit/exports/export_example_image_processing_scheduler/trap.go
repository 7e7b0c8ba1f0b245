//go:build wasip1 && trapinject

package export_example_image_processing_scheduler

// Test-only trap injection: built with `-tags trapinject` into build/trap/
// (host/traps.mk), never into the release component. A task with a filter
// step whose contrast is one of the codes below fails the way Go code can
// fail, so that the host's trap recovery is tested against the real runtime.

import (
	"fmt"

	"example.com/image-pipeline/go-scheduler/internal/sched"
	imageops "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_image_ops"
	types "example.com/image-pipeline/go-scheduler/internal/wit/imports/example_image_processing_types"
)

// The contrast values that trap (far outside image-ops' -255..=255).
const (
	trapPanic   = 2001 // panic: the Go runtime prints it and exits
	trapNil     = 2002 // nil pointer dereference
	trapOOM     = 2003 // allocate until memory.grow fails: "out of memory"
	trapForever = 2004 // never return: only the host's deadline stops it
)

func init() {
	scheduler = sched.New[*imageops.Frame, []types.Step](trapOps{}, logger{})
}

type trapOps struct{ imageOps }

// hoard keeps every block alive, so that the collector cannot reuse them.
var hoard [][]byte

func (t trapOps) Apply(src *imageops.Frame, steps []types.Step) (*imageops.Frame, error) {
	for _, step := range steps {
		if step.Tag() != types.Step_Filter || !step.Filter().Contrast.IsSome() {
			continue
		}
		switch step.Filter().Contrast.Some() {
		case trapPanic:
			panic("trap-injection: panic")
		case trapNil:
			var missing *types.Size
			return nil, &sched.Error{Kind: sched.InvalidFormat, Message: fmt.Sprint(missing.Width)}
		case trapOOM:
			for {
				hoard = append(hoard, make([]byte, 16<<20))
			}
		case trapForever:
			for {
			}
		}
	}
	return t.imageOps.Apply(src, steps)
}
