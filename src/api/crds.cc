#include "api/crds.h"

#include <algorithm>

namespace tk::api {

std::vector<CustomResourceDefinition> AllCrds() {
  std::vector<CustomResourceDefinition> crds = {KeyCrd(), AliasCrd(), TableCrd()};
  std::sort(crds.begin(), crds.end(),
            [](const CustomResourceDefinition& a, const CustomResourceDefinition& b) {
              return a.FileName() < b.FileName();
            });
  return crds;
}

}  // namespace tk::api
