// Placeholder until the simulator lands (issue 2).
return 0;
