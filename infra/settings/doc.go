// Package settings reads and checks the CDK context options of the Attest stack (the "attest:" keys of
// cdk.json or of `cdk synth -c key=value`). Values arrive typed from cdk.json and as strings from the command
// line; both are accepted. Invalid values are reported together, each with its key, before anything is built.
package settings
