"""The derivations of time, run after every change: what the documents say about actions
(`action_facts`), links to the legal record (`corroboration`), one node per real action
(`action_identity`), lifecycles and standings (`lifecycles`), running and writing them
(`derivations`); and reading them: status as of a date (`status`), deadlines
(`deadlines`)."""
