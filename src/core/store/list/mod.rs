//! Listing tickets: the queries that choose and order the desk's tickets.
//!
//! | module        | role |
//! |---------------|------|
//! | [`claimable`] | the tickets an agent may take (claim, routing) |

pub mod claimable;
