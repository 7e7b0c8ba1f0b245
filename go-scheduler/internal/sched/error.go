package sched

import "errors"

// ErrorKind is a case of the WIT `error` variant.
type ErrorKind uint8

const (
	InvalidFormat ErrorKind = iota
	ProcessingFailed
	OutOfMemory
)

var errorKindNames = [...]string{"invalid-format", "processing-failed", "out-of-memory"}

func (k ErrorKind) String() string {
	if int(k) < len(errorKindNames) {
		return errorKindNames[k]
	}
	return "unknown-error"
}

// Error is the WIT `error` variant. OutOfMemory carries no message.
type Error struct {
	Kind    ErrorKind
	Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Kind.String()
	}
	return e.Kind.String() + ": " + e.Message
}

// asError maps whatever an ImageOps returned onto the variant. An error of
// another type is the implementation's own failure, not the input's: that is
// processing-failed, which is retried.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Kind: ProcessingFailed, Message: err.Error()}
}
