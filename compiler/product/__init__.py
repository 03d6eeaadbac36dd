"""The product over the store: workspaces, people and keys, HubSpot connections, agents with
draft and published versions, skill calls. The service's routes and the CLI both call these."""
