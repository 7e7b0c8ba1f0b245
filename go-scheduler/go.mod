module example.com/image-pipeline/go-scheduler

go 1.25

require go.bytecodealliance.org/pkg v0.4.0
