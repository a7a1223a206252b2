#include "worker_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sched.h>
#endif

namespace tfjs_smelu {
namespace {

// Default split threshold (elements per part, for SmeLU's forward pass; ops
// with more work per element divide it by their cost). Measured on an idle
// 2-core machine (bench/tensorflow_native_threads.ts): splitting cost up to 3×
// below 1e5 elements and 1.0-1.5× around 1e6; element-wise ops only broke even
// from ~3e6 (0.8-1.0×), the parameter-gradient sums gained 20-35% from ~2e6.
// So SmeLU calls split from 2 parts of 2^21 (4.2e6), g-SmeLU (cost 2) from
// 2.1e6. See docs/native-tensorflow-ops.md.
constexpr int64_t kDefaultMinElementsPerPart = 2097152;
constexpr int kMaxThreads = 64;
constexpr int kPartsPerThread = 4;

int CoresAvailable() {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    const int count = CPU_COUNT(&set);
    if (count > 0) return count;
  }
#endif
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? static_cast<int>(hw) : 1;
}

int PositiveFromEnv(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return 0;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  return (end != text && *end == '\0' && value > 0 && value <= kMaxThreads) ? static_cast<int>(value) : 0;
}

// TFJS_SMELU_NUM_THREADS, else TensorFlow's own intra-op setting, else the
// cores this process may run on.
int DefaultThreads() {
  int threads = PositiveFromEnv("TFJS_SMELU_NUM_THREADS");
  if (threads == 0) threads = PositiveFromEnv("TF_NUM_INTRAOP_THREADS");
  if (threads == 0) threads = CoresAvailable();
  return std::min(std::max(threads, 1), kMaxThreads);
}

// One RunParts call. Workers hold it by shared_ptr, so a worker that wakes
// late (after the caller has returned) still reads valid counters: it finds
// no part left and lets go.
struct Job {
  const std::function<void(int)>* body;
  int parts;
  std::atomic<int> next{0};
  std::atomic<int> finished{0};
  std::mutex mutex;
  std::condition_variable all_finished;

  // Claims and runs parts until none is left.
  void Work() {
    for (;;) {
      const int part = next.fetch_add(1, std::memory_order_relaxed);
      if (part >= parts) return;
      (*body)(part);
      if (finished.fetch_add(1, std::memory_order_acq_rel) + 1 == parts) {
        std::lock_guard<std::mutex> lock(mutex);
        all_finished.notify_all();
      }
    }
  }
};

class Pool {
 public:
  Pool() : parallelism_{DefaultThreads(), kDefaultMinElementsPerPart} {}

  Parallelism parallelism() {
    std::lock_guard<std::mutex> lock(mutex_);
    return parallelism_;
  }

  void set_parallelism(int threads, int64_t min_elements) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (threads > 0) parallelism_.threads = std::min(threads, kMaxThreads);
    if (min_elements > 0) parallelism_.min_elements_per_part = min_elements;
  }

  void Run(int parts, const std::function<void(int)>& body) {
    std::unique_lock<std::mutex> in_flight(run_mutex_, std::try_to_lock);
    if (parts <= 1 || !in_flight.owns_lock()) {
      for (int part = 0; part < parts; ++part) body(part);
      return;
    }
    auto job = std::make_shared<Job>();
    job->body = &body;
    job->parts = parts;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      EnsureWorkers(parts - 1);
      current_ = job;
      ++generation_;
    }
    wake_.notify_all();
    job->Work();
    // The other parts are usually nearly done: spin briefly before sleeping.
    const auto spin_until = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
    while (job->finished.load(std::memory_order_acquire) < parts && std::chrono::steady_clock::now() < spin_until) {
      std::this_thread::yield();
    }
    std::unique_lock<std::mutex> lock(job->mutex);
    job->all_finished.wait(lock, [&] { return job->finished.load(std::memory_order_acquire) >= parts; });
  }

 private:
  // Starts workers until there are at least `count` (never more than threads − 1).
  void EnsureWorkers(int count) {
    count = std::min(count, parallelism_.threads - 1);
    while (static_cast<int>(workers_.size()) < count) {
      workers_.emplace_back([this] { WorkerLoop(); });
      workers_.back().detach();
    }
  }

  void WorkerLoop() {
    uint64_t seen = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      seen = generation_ - 1;  // a worker started for a call joins that call
    }
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        job = current_;
      }
      if (job) job->Work();
    }
  }

  std::mutex mutex_;
  std::mutex run_mutex_;
  std::condition_variable wake_;
  Parallelism parallelism_;
  uint64_t generation_ = 1;
  std::shared_ptr<Job> current_;
  std::vector<std::thread> workers_;
};

// Never destroyed: detached workers sleep on its condition variable until
// the process exits.
Pool& ThePool() {
  static Pool* pool = new Pool();
  return *pool;
}

}  // namespace

Parallelism GetParallelism() { return ThePool().parallelism(); }

void SetParallelism(int threads, int64_t min_elements_per_part) {
  ThePool().set_parallelism(threads, min_elements_per_part);
}

int PartsFor(int64_t n, int cost) {
  const Parallelism p = GetParallelism();
  if (p.threads <= 1) return 1;
  const int64_t min_elements = std::max<int64_t>(1, p.min_elements_per_part / std::max(cost, 1));
  // Up to kPartsPerThread parts per thread, claimed as threads come free: a
  // thread that starts late (the machine is busy) holds up the call by at
  // most one small part.
  const int64_t parts = std::min<int64_t>(n / min_elements, int64_t{p.threads} * kPartsPerThread);
  return static_cast<int>(parts < 2 ? 1 : parts);
}

void RunParts(int parts, const std::function<void(int)>& body) { ThePool().Run(parts, body); }

void PartRange(int64_t n, int parts, int part, int64_t* begin, int64_t* end) {
  const int64_t lines = (n + 15) / 16;
  const int64_t first = lines * part / parts, last = lines * (part + 1) / parts;
  *begin = std::min(n, first * 16);
  *end = std::min(n, last * 16);
}

}  // namespace tfjs_smelu
