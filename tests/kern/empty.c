/* Keeps the testkern library non-empty before any kernel-side test exists. */
int tunsim_testkern_empty;
