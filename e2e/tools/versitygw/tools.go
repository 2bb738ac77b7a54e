//go:build tools

// Pins the Versity Gateway server command (github.com/versity/versitygw/cmd/versitygw) in this
// module so e2e/bin/build-binaries.sh can build it: the Object Lock + IAM S3 test server behind
// operator/testkit's LockingS3Server, built from the Go module proxy like the control plane.
package tools

import _ "github.com/versity/versitygw/cmd/versitygw"
