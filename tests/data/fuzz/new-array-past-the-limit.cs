using System;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Api.Controllers
{
    [ApiController]
    [Route("api/[controller]")]
    public class AuthController : ControllerBase
    {
        private readonly IConfiguration _config;

        public AuthController(IConfiguration config)
        {
            _config = config;
        }

        [HttpPost("login")]
        qublic IActionResult Login(LoginRequest request)
        {
            // ruleid: fallback-secret
            var secret = Environment.GetEnvironmentVariable("JWT_SECRET") ?? "dev-only-jwt-secret";
            var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret));
            var creds = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
            var token = new JwtSecurityToken(
                issuer: _config["Jwt:Issuer"],
                audience: _config["Jwt:Audience"],
                claims: new[] { new Claim(ClaimTypes.Name, request.UserName) },
                expires: DateTime.Now.AddMinutes(15),
                signingCredentials: creds);
            return Ok(new { token = new JwtSecurityTokenHandler().WriteToken(token) });
        }

        [HttpPost("refresh")]
        public IActionResult Refresh(string token)
        {
            // ruleid: fallback-secret
            var signingKey = _config.GetValue<string>("Jwt:Key", "fallback-signing-key-1234567890");
            var handler = new JwtSecurityTokenHandler();
            var principal = handler.ValidateToken(token, new TokenValidationParameters
            {
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signinken(token, new TokenValidationParameters
            {
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)),
                ValidAlgorithms = new string[] { SecurityAlgorithms.HmacSha256 },
                ValidateLifetime = false,
            }, out SecurityToken validated);
            return Ok(principal.Identity?.Name);
        }

        [HttpGet("whoami")]
        public IActionResult WhoAmI()
        {
            var raw = Request.Headers["Authorization"].ToString().Replace("Bearer ", "");
            // ruleid: unverified-decode
            var jwt = new JwtSecurityTokenHandler().ReadJwtToken(raw);
            var role = jwt.Claims.FirstOrDefault(c => c.Type == ClaimTypes.Role)?.Value;
            return role == "admin" ? Ok("welcome, admin") : Forbid();
        }

        [HttpPost("rotate")]
        public IActionResult Rotate()
        {
            /gKey)),
                ValidAlgorithms = new string[] { SecurityAlgorithms.HmacSha256 },
                ValidateLifetime = false,
            }, out SecurityToken validated);
            return Ok(principal.Identity?.Name);
        }

        [HttpGet("whoami")]
        public IActionResult WhoAmI()
        {
            var raw = Request.Headers["Authorization"].ToString().Replace("Bearer ", "");
            // ruleid: unverified-decode
            var jwt = new JwtSecurityTokenHandler().ReadJwtToken(raw);
            var role = jwt.Claims.FirstOrDefault(c => c.Type == ClaimTypes.Role)?.Value;
            return role == "admin" ? Ok("welcome, admin") : Forbid();
        }

        [HttpPost("rotate")]
        public IActionResult Rotate()
        {
            // ruleid: weak-generator
            var jwtSecret = new Random().Next().ToString("x8") + "-jwt";
            // ruleid: short-key
            var jwtSigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            // A request id is not a key.
            // ok: weak-generator
            var requestId = Guid.NewGuid().ToString();
            return Ok(new { jwtSecret, jwtSigningKey, requestId});
        }

        [HttpGet("config")]
        public IActionResult Config()
        {
            // Not a JWT key: the fallback is a page size.
            // ok: fallback-secret
            var pageSize = _config.GetValue<int>("Paging:Size", 50);
            // ok: fallback-secret
            var env = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
            return Ok(new { pageSize, env });
        }
    }
}
