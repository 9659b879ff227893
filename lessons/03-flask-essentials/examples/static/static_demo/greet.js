// Runs in the browser after the page has loaded (the script tag uses "defer").
document.getElementById("greeting").textContent += " This sentence was added by greet.js.";
