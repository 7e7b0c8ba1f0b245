package sched

import (
	"strconv"
	"strings"
)

// The operation names of the `task` resource.
const (
	opGrayscale   = "grayscale"
	opBlur        = "blur"
	opApplyFilter = "apply-filter"
	opResize      = "resize"
)

// step is one parsed element of an operation chain, with the arguments it
// takes from the operation string or the options.
type step struct {
	name   string
	radius uint32        // blur
	width  uint32        // resize
	height uint32        // resize
	filter FilterOptions // apply-filter
}

// parseOperation turns `op` (elements joined by `|`) into steps. It is strict,
// with no whitespace or case folding, so that a typo fails the task rather
// than running something else.
func parseOperation(op string, opts FilterOptions) ([]step, *Error) {
	elems := strings.Split(op, "|")
	steps := make([]step, 0, len(elems))
	for _, elem := range elems {
		s, err := parseStep(elem, opts)
		if err != nil {
			return nil, err
		}
		steps = append(steps, s)
	}
	return steps, nil
}

func parseStep(elem string, opts FilterOptions) (step, *Error) {
	name, arg, hasArg := strings.Cut(elem, ":")
	if name == opResize {
		if !hasArg {
			return step{}, invalidFormat("resize needs a size, as in resize:640x480")
		}
		w, h, err := parseSize(arg)
		if err != nil {
			return step{}, err
		}
		return step{name: opResize, width: w, height: h}, nil
	}
	if hasArg {
		return step{}, invalidFormat("unknown operation %q", elem)
	}
	switch name {
	case opGrayscale:
		return step{name: opGrayscale}, nil
	case opBlur:
		if opts.BlurRadius == nil {
			return step{}, invalidFormat("blur needs options.blur-radius")
		}
		return step{name: opBlur, radius: *opts.BlurRadius}, nil
	case opApplyFilter:
		return step{name: opApplyFilter, filter: opts}, nil
	case "":
		return step{}, invalidFormat("empty operation")
	default:
		return step{}, invalidFormat("unknown operation %q", elem)
	}
}

// parseSize reads `<W>x<H>`. The limits on the size are image-ops' to
// enforce; this only rejects what is not two decimal u32 values.
func parseSize(size string) (width, height uint32, err *Error) {
	ws, hs, ok := strings.Cut(size, "x")
	if !ok {
		return 0, 0, invalidFormat("resize size %q is not <W>x<H>", size)
	}
	if width, ok = parseDimension(ws); !ok {
		return 0, 0, invalidFormat("resize width %q is not a decimal u32", ws)
	}
	if height, ok = parseDimension(hs); !ok {
		return 0, 0, invalidFormat("resize height %q is not a decimal u32", hs)
	}
	return width, height, nil
}

// parseDimension accepts decimal digits only: in base 10 ParseUint takes no
// sign, prefix or underscore, and it reports values over 32 bits as errors
// instead of wrapping them.
func parseDimension(s string) (uint32, bool) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, false
	}
	return uint32(n), true
}

// apply runs the step on img through ops.
func (s step) apply(ops ImageOps, img Image) (Image, error) {
	switch s.name {
	case opGrayscale:
		return ops.Grayscale(img)
	case opBlur:
		return ops.Blur(img, s.radius)
	case opResize:
		return ops.Resize(img, s.width, s.height)
	case opApplyFilter:
		return ops.ApplyFilter(img, s.filter)
	default:
		return Image{}, invalidFormat("unknown operation %q", s.name)
	}
}

// runSteps applies the steps left to right, stopping at the first error.
func runSteps(ops ImageOps, steps []step, img Image) (Image, *Error) {
	for _, s := range steps {
		out, err := s.apply(ops, img)
		if err != nil {
			return Image{}, asError(err)
		}
		img = out
	}
	return img, nil
}
