#include "kube/informer.h"

#include <fmt/format.h>

#include <exception>

namespace tk::kube {

class Informer::Dispatcher final : public ReflectorSink {
 public:
  explicit Dispatcher(Informer& informer) : informer_(informer) {}

  void OnAdd(const ObjectPtr& object) override {
    informer_.Dispatch([&](ResourceEventHandler& handler) { handler.OnAdd(object); });
  }
  void OnUpdate(const ObjectPtr& old_object, const ObjectPtr& new_object) override {
    informer_.Dispatch([&](ResourceEventHandler& handler) { handler.OnUpdate(old_object, new_object); });
  }
  void OnDelete(const ObjectPtr& last_known) override {
    informer_.Dispatch([&](ResourceEventHandler& handler) { handler.OnDelete(last_known); });
  }
  void OnListed() override { informer_.MarkSynced(); }
  void OnError(const Status& error) override { informer_.ReportError(error); }
  void OnTick() override { informer_.Tick(); }

 private:
  Informer& informer_;
};

Informer::Informer(RestClient& client, ResourcePath collection, InformerOptions options)
    : Informer(std::make_unique<RestListerWatcher>(
                   client, ListWatchTarget{std::move(collection), options.label_selector, options.field_selector}),
               options) {}

Informer::Informer(std::unique_ptr<ListerWatcher> source, InformerOptions options)
    : options_(std::move(options)),
      clock_(options_.reflector.clock != nullptr ? *options_.reflector.clock : SystemClock()),
      source_(std::move(source)),
      dispatcher_(std::make_unique<Dispatcher>(*this)),
      reflector_(*source_, cache_, *dispatcher_, options_.reflector) {}

Informer::~Informer() { Stop(); }

Status Informer::AddIndex(const std::string& name, IndexFunc index) {
  if (ran_) return Status(Code::kFailedPrecondition, "AddIndex: the informer has started; add indexes before");
  return cache_.AddIndex(name, std::move(index));
}

Status Informer::AddEventHandler(std::shared_ptr<ResourceEventHandler> handler) {
  if (ran_) {
    return Status(Code::kFailedPrecondition, "AddEventHandler: the informer has started; add handlers before");
  }
  if (!handler) return Status(Code::kInvalidArgument, "AddEventHandler: no handler");
  handlers_.push_back(std::move(handler));
  return OkStatus();
}

Status Informer::SetErrorHandler(std::function<void(const Status&)> on_error) {
  if (ran_) {
    return Status(Code::kFailedPrecondition, "SetErrorHandler: the informer has started; set it before");
  }
  on_error_ = std::move(on_error);
  return OkStatus();
}

Status Informer::Run(std::stop_token stop) {
  if (ran_.exchange(true)) return Status(Code::kFailedPrecondition, "Run: an informer runs only once");
  RunLoop(std::move(stop));
  return OkStatus();
}

Status Informer::Start() {
  std::lock_guard lock(thread_mutex_);
  if (ran_.exchange(true)) return Status(Code::kFailedPrecondition, "Start: an informer runs only once");
  thread_ = std::thread([this] { RunLoop({}); });
  return OkStatus();
}

void Informer::RunLoop(std::stop_token stop) {
  run_thread_ = std::this_thread::get_id();
  {
    // Either stop ends the reflector's run.
    std::stop_callback forward(stop, [this] { stop_source_.request_stop(); });
    reflector_.Run(stop_source_.get_token());
  }
  {
    std::lock_guard lock(sync_mutex_);
    stopped_ = true;
  }
  sync_changed_.notify_all();
}

void Informer::Stop() {
  stop_source_.request_stop();
  if (run_thread_.load() == std::this_thread::get_id()) return;  // from a handler: Run ends when it returns
  std::lock_guard lock(thread_mutex_);
  if (thread_.joinable()) thread_.join();
}

bool Informer::HasSynced() const {
  std::lock_guard lock(sync_mutex_);
  return synced_;
}

bool Informer::WaitForSync(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(sync_mutex_);
  sync_changed_.wait_for(lock, timeout, [this] { return synced_ || stopped_; });
  return synced_;
}

Status Informer::LastError() const {
  std::lock_guard lock(sync_mutex_);
  return last_error_;
}

void Informer::Dispatch(const std::function<void(ResourceEventHandler&)>& call) {
  for (const std::shared_ptr<ResourceEventHandler>& handler : handlers_) {
    try {
      call(*handler);
    } catch (const std::exception& error) {
      ReportError(Status(Code::kInternal, fmt::format("informer event handler threw: {}", error.what())));
    } catch (...) {
      ReportError(Status(Code::kInternal, "informer event handler threw"));
    }
  }
}

void Informer::ReportError(const Status& error) {
  {
    std::lock_guard lock(sync_mutex_);
    last_error_ = error;
  }
  if (!on_error_) return;
  try {
    on_error_(error);
  } catch (...) {
    // The error handler is the last place to report to.
  }
}

void Informer::MarkSynced() {
  if (options_.resync_period.count() > 0) next_resync_ = clock_.Now() + options_.resync_period;
  {
    std::lock_guard lock(sync_mutex_);
    if (synced_) return;
    synced_ = true;
  }
  sync_changed_.notify_all();
}

void Informer::Tick() {
  if (options_.resync_period.count() <= 0 || next_resync_ == Clock::TimePoint{}) return;
  const Clock::TimePoint now = clock_.Now();
  if (now < next_resync_) return;
  next_resync_ = now + options_.resync_period;
  for (const ObjectPtr& object : cache_.List()) {
    Dispatch([&](ResourceEventHandler& handler) { handler.OnUpdate(object, object); });
  }
}

}  // namespace tk::kube
