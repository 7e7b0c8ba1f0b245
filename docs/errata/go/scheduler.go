// The design, §2.2 step 5 (article lines 440-536), verbatim after this
// header, the package line and its imports (less the generated package
// "example/image-processing", which scheduler_test.go stands in for).

package design

import (
"sync"
"time"
)

type Task struct {
ID uint64
Image Image
Operation string
Options FilterOptions
Status TaskStatus
Result *Image
Error error
CreatedAt time.Time
}
// TaskStatus 任务状态
type TaskStatus int
const (
StatusPending TaskStatus = iota
StatusRunning
StatusCompleted
StatusFailed
StatusCancelled
)
// Scheduler 调度器实现
type Scheduler struct {
tasks map[uint64]*Task
mu sync.RWMutex
nextID uint64
workerPool chan struct{}
}
func NewScheduler(workerCount int) *Scheduler {
return &Scheduler{
tasks: make(map[uint64]*Task),
workerPool: make(chan struct{}, workerCount),
}
}
// Submit 提交任务
func (s *Scheduler) Submit(task Task) uint64 {
s.mu.Lock()
defer s.mu.Unlock()
id := s.nextID
s.nextID++
task.ID = id
task.Status = StatusPending
task.CreatedAt = time.Now()
s.tasks[id] = &task
// 启动异步处理
go s.processTask(&task)
return id
}
// processTask 处理任务
func (s *Scheduler) processTask(task *Task) {
// 获取 worker 槽位
s.workerPool <- struct{}{}
defer func() { <-s.workerPool }()
s.mu.Lock()
task.Status = StatusRunning
s.mu.Unlock()
// 调用图像处理组件
result, err := imageOps.ApplyFilter(task.Image, task.Options)
s.mu.Lock()
defer s.mu.Unlock()
if err != nil {
task.Status = StatusFailed
task.Error = err
} else {
task.Status = StatusCompleted
task.Result = &result
}
}
// GetResult 获取结果
func (s *Scheduler) GetResult(id uint64) *Result {
s.mu.RLock()
defer s.mu.RUnlock()
task, exists := s.tasks[id]
if !exists {
return nil
}
switch task.Status {
case StatusCompleted:
return &Result{Ok: task.Result}
case StatusFailed:
return &Result{Err: task.Error}
default:
return nil
}
}
// Cancel 取消任务
func (s *Scheduler) Cancel(id uint64) bool {
s.mu.Lock()
defer s.mu.Unlock()
task, exists := s.tasks[id]
if !exists {
return false
}
if task.Status == StatusPending {
task.Status = StatusCancelled
return true
}
return false
}
