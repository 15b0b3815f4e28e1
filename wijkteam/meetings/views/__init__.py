"""The pages of the wijkteamoverleg, one module per part: planning, agenda, holding, minutes."""
