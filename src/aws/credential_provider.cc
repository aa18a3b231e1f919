#include "aws/credential_provider.h"

#include <utility>

namespace tk::aws {

Status NotConfigured(std::string reason) { return Status(Code::kNotFound, std::move(reason)); }

bool IsNotConfigured(const Status& status) { return status.code() == Code::kNotFound; }

Status AsFailure(Status status) {
  if (status.code() != Code::kNotFound) return status;
  return Status(Code::kUnauthenticated, status.message());
}

}  // namespace tk::aws
