// Chart geometry: Sankey, squarified treemap, balance bars. No drawing here.
