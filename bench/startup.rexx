/* bench/startup.rexx: see bench/compare.sh; a one-line program, so its cost is start-up */
say 1
