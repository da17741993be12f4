//! The integration tests of the generator and of the generated client, as one test binary: each
//! binary links the whole dependency graph, so one binary instead of a dozen saves most of the
//! link time of `cargo test`. One module per concern.

mod api_diff;
mod checkouts;
mod client;
mod corpus;
mod customization;
mod decoding;
mod examples;
mod fin_agent_client;
mod fin_agent_stream;
mod fin_agent_webhooks;
mod freshness;
mod generated_crates;
mod hostile_responses;
mod identical_types;
mod invalid_specs;
mod library;
mod mutations;
mod pagination;
mod prism;
mod publish;
mod review;
mod selections;
mod semver;
mod snapshot_files;
mod snapshots;
mod tag_features;
mod tls;
mod versions;
