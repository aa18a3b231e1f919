// Command kubectl is the upstream kubectl, built from the k8s.io/kubectl Go
// module at the same version as the test world's kube-apiserver, so the
// end-to-end checks use a client we did not write and whose version matches.
package main

import (
	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	command := cmd.NewDefaultKubectlCommand()
	if err := cli.RunNoErrOutput(command); err != nil {
		util.CheckErr(err)
	}
}
