// Bounded waits for queue tests: a queue bug must fail a test, never hang it.
//
//   BlockingCall  runs a call that may block (Get, ShutDownWithDrain) on a
//                 thread of its own, so the test can ask whether it has
//                 returned; if it is still blocked at the end, the binary
//                 aborts after kHangLimit with a message instead of hanging.
//   Eventually    polls a condition for at most kHangLimit.
//   GetReady      Get for a single-threaded test: fails instead of blocking
//                 when no key is ready.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <future>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

#include "runtime/work_queue.h"

namespace tk::runtime::testing {

inline constexpr std::chrono::seconds kHangLimit{20};

// How long a test watches a call that should stay blocked. A real-time wait:
// long enough that a call which was going to return wrongly usually has.
inline constexpr std::chrono::milliseconds kStaysBlocked{50};

template <typename T>
class BlockingCall {
 public:
  BlockingCall(std::string what, std::function<T()> call)
      : what_(std::move(what)), result_(promise_.get_future().share()) {
    thread_ = std::thread([this, call = std::move(call)] {
      if constexpr (std::is_void_v<T>) {
        call();
        promise_.set_value();
      } else {
        promise_.set_value(call());
      }
    });
  }

  ~BlockingCall() {
    if (!ReturnsWithin(kHangLimit)) {
      std::fprintf(stderr, "%s never returned; aborting rather than hang\n", what_.c_str());
      std::abort();
    }
    thread_.join();
  }

  BlockingCall(const BlockingCall&) = delete;
  BlockingCall& operator=(const BlockingCall&) = delete;

  // Waits up to `limit` (real time) for the call; true if it has returned.
  bool ReturnsWithin(std::chrono::milliseconds limit) {
    return result_.wait_for(limit) == std::future_status::ready;
  }

  // Waits for the call (aborting after kHangLimit) and returns its result.
  T Result() {
    if (!ReturnsWithin(kHangLimit)) {
      std::fprintf(stderr, "%s never returned; aborting rather than hang\n", what_.c_str());
      std::abort();
    }
    return result_.get();
  }

 private:
  const std::string what_;
  std::promise<T> promise_;
  std::shared_future<T> result_;
  std::thread thread_;
};

// Polls `condition` until it holds or kHangLimit passes; returns whether it held.
inline bool Eventually(const std::function<bool()>& condition) {
  const auto give_up = std::chrono::steady_clock::now() + kHangLimit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

inline std::optional<ObjectKey> GetReady(WorkQueue& queue) {
  if (queue.Len() == 0 && !queue.ShuttingDown()) {
    ADD_FAILURE() << "no key is ready; Get would block";
    return std::nullopt;
  }
  return queue.Get();
}

}  // namespace tk::runtime::testing
