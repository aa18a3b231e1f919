// ObjectKey: the name of one Kubernetes object as the controller queues it.
//
// The form is "kind/namespace/name" (for example "Table/shop/orders"). The work
// queue treats it as an opaque string: two keys name the same object exactly
// when the strings are equal.
#pragma once

#include <string>

namespace tk::runtime {

using ObjectKey = std::string;

}  // namespace tk::runtime
