// Placeholder until the local host lands (issue 6).
return 0;
