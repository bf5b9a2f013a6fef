#include "reachplan/core/distributed.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

#ifdef REACHPLAN_HAVE_MPI
// The C API only: not the deprecated C++ bindings mpi.h would pull in.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace reachplan::core {

namespace {

int the_rank = 0;
int the_count = 1;
int the_local = 1;
#ifdef REACHPLAN_HAVE_MPI
bool joined = false;  // MPI_Init was called (so MPI_Finalize must be)
#endif

// Hands out chunks of [0, blocks) in order, to whoever asks first.
class Dealer {
 public:
  Dealer(std::size_t blocks, std::size_t chunk)
      : blocks_(blocks), chunk_(std::max<std::size_t>(1, chunk)) {}
  bool next(std::size_t& first, std::size_t& last) {
    const std::lock_guard lock(mutex_);
    if (next_ >= blocks_) return false;
    first = next_;
    last = std::min(blocks_, next_ + chunk_);
    next_ = last;
    return true;
  }

 private:
  std::size_t blocks_, chunk_, next_ = 0;
  std::mutex mutex_;
};

void deal_alone(std::size_t blocks, std::size_t chunk, const ComputeChunk& compute,
                const TakeChunk& take) {
  Dealer dealer(blocks, chunk);
  for (std::size_t first, last; dealer.next(first, last);) take(first, last, compute(first, last));
}

#ifdef REACHPLAN_HAVE_MPI

constexpr int tag_result = 1;  // worker -> root: [first, last] + bytes ([none, none] to start)
constexpr int tag_chunk = 2;   // root -> worker: [first, last], first == last: no more
constexpr std::uint64_t none = ~std::uint64_t{0};

bool started_by_mpirun() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(v)) return true;
  return false;
}

// Fault injection for the tests of a lost rank: REACHPLAN_TEST_KILL_RANK=k makes rank k die
// by SIGKILL when the blocks are dealt, after loading, as a node that fails mid-run would.
void maybe_die() {
  const char* v = std::getenv("REACHPLAN_TEST_KILL_RANK");
  if (v && std::atoi(v) == the_rank && *v >= '0' && *v <= '9') std::raise(SIGKILL);
}

void send_chunk(int to, std::uint64_t first, std::uint64_t last) {
  const std::uint64_t head[2] = {first, last};
  MPI_Send(head, 2, MPI_UINT64_T, to, tag_chunk, MPI_COMM_WORLD);
}

// A worker rank: asks for chunks until told there are none, sending each one's results.
void work_for_root(const ComputeChunk& compute) {
  std::vector<char> message(2 * sizeof(std::uint64_t));
  const std::uint64_t start[2] = {none, none};
  std::memcpy(message.data(), start, sizeof start);
  for (;;) {
    MPI_Send(message.data(), static_cast<int>(message.size()), MPI_BYTE, 0, tag_result,
             MPI_COMM_WORLD);
    std::uint64_t head[2];
    MPI_Recv(head, 2, MPI_UINT64_T, 0, tag_chunk, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (head[0] == head[1]) return;
    const std::vector<char> bytes = compute(head[0], head[1]);
    message.resize(sizeof head + bytes.size());
    std::memcpy(message.data(), head, sizeof head);
    std::copy(bytes.begin(), bytes.end(), message.begin() + sizeof head);
  }
}

// Rank 0: one thread computes chunks like any worker while this one answers the others'
// requests (polling, so it does not spin a core inside MPI).
void serve_workers(std::size_t blocks, std::size_t chunk, const ComputeChunk& compute,
                   const TakeChunk& take) {
  Dealer dealer(blocks, chunk);
  std::mutex taking;
  std::exception_ptr failure;
  bool local_done = false;
  std::thread local([&] {
    try {
      for (std::size_t first, last; dealer.next(first, last);) {
        auto bytes = compute(first, last);
        const std::lock_guard lock(taking);
        take(first, last, bytes);
      }
    } catch (...) {
      failure = std::current_exception();
    }
    const std::lock_guard lock(taking);
    local_done = true;
  });
  int working = the_count - 1;
  std::vector<char> message;
  while (working > 0) {
    int ready = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, tag_result, MPI_COMM_WORLD, &ready, &status);
    if (!ready) {
      {
        const std::lock_guard lock(taking);
        if (local_done && failure) break;  // the caller aborts the job
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      continue;
    }
    int size = 0;
    MPI_Get_count(&status, MPI_BYTE, &size);
    message.resize(static_cast<std::size_t>(size));
    MPI_Recv(message.data(), size, MPI_BYTE, status.MPI_SOURCE, tag_result, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    std::uint64_t head[2];
    std::memcpy(head, message.data(), sizeof head);
    if (head[0] != none) {
      const std::vector<char> bytes(message.begin() + sizeof head, message.end());
      const std::lock_guard lock(taking);
      take(head[0], head[1], bytes);
    }
    std::size_t first = 0, last = 0;
    if (dealer.next(first, last)) {
      send_chunk(status.MPI_SOURCE, first, last);
    } else {
      send_chunk(status.MPI_SOURCE, 0, 0);
      --working;
    }
  }
  local.join();
  if (failure) std::rethrow_exception(failure);
}

#endif  // REACHPLAN_HAVE_MPI

}  // namespace

Ranks::Ranks([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#ifdef REACHPLAN_HAVE_MPI
  if (!started_by_mpirun()) return;
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  joined = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &the_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &the_count);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, the_rank, MPI_INFO_NULL, &node);
  MPI_Comm_size(node, &the_local);
  MPI_Comm_free(&node);
#endif
}

Ranks::~Ranks() {
#ifdef REACHPLAN_HAVE_MPI
  if (joined) MPI_Finalize();
#endif
}

int rank() {
  return the_rank;
}
int rank_count() {
  return the_count;
}
bool is_root() {
  return the_rank == 0;
}
int ranks_on_this_node() {
  return the_local;
}

unsigned threads_per_rank(unsigned requested) {
  if (requested != 0) return requested;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max(1u, cores / static_cast<unsigned>(std::max(1, the_local)));
}

bool built_with_mpi() {
#ifdef REACHPLAN_HAVE_MPI
  return true;
#else
  return false;
#endif
}

void abort_job(int code) {
#ifdef REACHPLAN_HAVE_MPI
  if (joined && the_count > 1) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

void deal_blocks(std::size_t blocks, std::size_t chunk, const ComputeChunk& compute,
                 const TakeChunk& take) {
#ifdef REACHPLAN_HAVE_MPI
  if (the_count > 1) {
    maybe_die();
    if (the_rank == 0)
      serve_workers(blocks, chunk, compute, take);
    else
      work_for_root(compute);
    return;
  }
#endif
  deal_alone(blocks, chunk, compute, take);
}

}  // namespace reachplan::core
