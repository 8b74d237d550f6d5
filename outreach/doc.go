// Package outreach is the pure-Go heart of Medvirk's method: representativeness
// metrics, outreach priorities, invitation lotteries and post-stratified results,
// computed from population and participation counts that the store supplies.
// It performs no I/O and imports nothing else of Medvirk.
package outreach
