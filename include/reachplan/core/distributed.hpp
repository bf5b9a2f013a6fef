// Work spread over the processes of an MPI job (mpirun, srun), and the one process otherwise.
//
// The binary builds and runs without MPI (an optional CMake feature, REACHPLAN_MPI); started by
// mpirun it joins the job. Every rank loads the same inputs and prepares the same plan, so
// only block numbers and results travel: rank 0 deals blocks out in chunks on request (a slow
// node takes fewer), computes chunks itself between requests, receives the results and alone
// writes the outputs. Results are placed by block number, never by arrival, so the bytes do
// not depend on the rank count or on timing.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace reachplan::core {

// Joins the MPI job when this process was started as one of its ranks (mpirun and srun set
// their rank variables); otherwise a job of one. Ends it on destruction. One per process.
class Ranks {
 public:
  Ranks(int& argc, char**& argv);
  ~Ranks();
  Ranks(const Ranks&) = delete;
  Ranks& operator=(const Ranks&) = delete;
};

int rank();        // 0 without MPI
int rank_count();  // 1 without MPI
bool is_root();    // rank() == 0: the rank that writes outputs and prints
bool built_with_mpi();
// Ranks of this job on this machine (for the default thread count): 1 without MPI.
int ranks_on_this_node();
// Threads for each rank: `requested`, or for 0 this machine's cores shared by its ranks (a node
// running 4 ranks of 16 cores gives each 4, not 16 that would fight for them).
unsigned threads_per_rank(unsigned requested);

// Ends every rank of the job at once with `code` (MPI_Abort), after a rank failed in a way the
// others cannot see (a file it could not read, a lost peer); a plain exit without MPI.
[[noreturn]] void abort_job(int code);

// The results of chunk [first, last) of the blocks, as bytes.
using ComputeChunk = std::function<std::vector<char>(std::size_t first, std::size_t last)>;
// Takes a chunk's results on rank 0 (called from one thread at a time).
using TakeChunk =
    std::function<void(std::size_t first, std::size_t last, const std::vector<char>& bytes)>;

// Runs blocks [0, blocks) over every rank in chunks of at most `chunk` blocks, dealt out on
// demand; `take` sees every chunk once, on rank 0 only. compute may use threads; only the
// calling thread talks to other ranks. An exception on rank 0 is rethrown here; on another
// rank it propagates there (its caller should abort_job).
void deal_blocks(std::size_t blocks, std::size_t chunk, const ComputeChunk& compute,
                 const TakeChunk& take);

}  // namespace reachplan::core
