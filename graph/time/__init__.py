"""The derivations of time, run after every change: what the documents say about actions
(`action_facts`), links to the legal record (`corroboration`), one node per real action
(`action_identity`, written by `action_nodes`), lifecycles and standings (`lifecycles`),
recalls joined to the acts they recall (`recalls`), running and writing them
(`derivations`); and reading them: status as of a date (`status`, reading with
`status_reading`, one line per regime with its history in `status_lines`), deadlines
(`deadlines`), and the actions about an entity as RDF for its downloads
(`action_description`)."""
