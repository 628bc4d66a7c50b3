/* Tables of this method (added with the method). */
export {};
