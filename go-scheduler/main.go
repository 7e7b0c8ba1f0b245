//go:build wasip1

// Command go-scheduler is the scheduler component: built as a wasip1 reactor
// (-buildmode=c-shared) and wrapped into a component by wasm-tools. The
// exports are in the generated wit_exports package; linking it in is all
// main has to do.
package main

import _ "example.com/image-pipeline/go-scheduler/internal/wit/exports/wit_exports"

func main() {}
