// The client and the daemon guess names ("did you mean …?") with the same helper the routine
// checks use; it lives in its own leaf module so the pure core needs no wire types.
@_exported import ReliefSuggestion
