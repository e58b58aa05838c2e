"""The inputs, validated: the typed config, the codebook, informants and transcripts."""
