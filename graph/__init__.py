"""The graph room: stores, queries, exports and the facade that ingests into a store."""
