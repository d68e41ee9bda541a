# a stand-in for the script the case runs: the converted output names it
